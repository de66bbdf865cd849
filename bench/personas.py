"""The logins whose landing page `make bench` measures (bench/run.py logs them in,
bench/scenarios.py second-factor gives each an authenticator app)."""

# /uebersicht/ for each role of the demo data (issue 16).
OVERVIEW_USERS = {
    "eschwege@demo.lebenswert.invalid": "editor",
    "sontra@demo.lebenswert.invalid": "viewer",
    "planung@demo.lebenswert.invalid": "planner",
    "admin@demo.lebenswert.invalid": "admin",
}

"""The logins whose landing page `make bench` measures (bench/run.py logs them in,
bench/scenarios.py second-factor gives each an authenticator app), and how the
Locust personas behave (bench/locustfile.py): think time, session, reports."""

# /uebersicht/ for each role of the demo data (issue 16).
OVERVIEW_USERS = {
    "eschwege@demo.lebenswert.invalid": "editor",
    "sontra@demo.lebenswert.invalid": "viewer",
    "planung@demo.lebenswert.invalid": "planner",
    "admin@demo.lebenswert.invalid": "admin",
}

# The Locust journeys (bench/locustfile.py, bench/journeys.py writes these into its
# JSON). A person reads a page before the next click: a portal page with figures,
# a list or a comparison takes several seconds to take in, a form longer to fill
# in. 3–10 s between clicks (mean 6.5 s) is a brisk user who knows the portal; a
# first-time reader takes longer, which would only lower the load.
THINK_SECONDS = (3.0, 10.0)
# The report status page polls itself every 2 s (templates/reports/partials/
# report_status.html); the journey does the same while the person waits.
REPORT_POLL_SECONDS = 2.0
# A person asks for a PDF now and then, not on every round through the portal:
# a municipal staff member requests the Gemeindesteckbrief in one journey of five
# (each journey edits a figure first, so every request renders a new file).
REPORT_SHARE = 0.2
# One login per simulated user: a person logs in once (password and authenticator
# code) and works through several journeys in that session; the logout ends it.
SESSION = "login once per simulated user (on_start), logout when it stops (on_stop)"

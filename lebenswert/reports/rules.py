"""Who may see a report job: whoever may request its kind for its parameters
(the kind's own permission, asked again at every view and download)."""

import rules

from lebenswert.accounts.rules import add_admin_only_model_perms, is_active_user


@rules.predicate
def may_read_report(user, job) -> bool:
    from .registry import REPORT_KINDS

    kind = REPORT_KINDS.get(job.kind) if job is not None else None
    if kind is None:
        return False
    try:
        return kind.permits(user, job.params)
    except (KeyError, ValueError):
        return False


rules.add_perm("reports.read_reportjob", is_active_user & may_read_report)
add_admin_only_model_perms("reports")

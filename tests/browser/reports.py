"""The end of every browser test that requests a report: wait for the real worker,
then download the file from the status page as a person would."""

import re
from pathlib import Path

from playwright.sync_api import expect

from lebenswert.reports.models import ReportJob
from tests.browser.test_pages import assert_no_axe_violations
from tests.workers import wait_for


def download_finished_report(page, report_worker) -> tuple[ReportJob, bytes]:
    """The job once the worker has rendered it, and the PDF the status page hands
    out (its filename the job's); axe finds nothing on the page with the link."""
    job = wait_for(
        lambda: ReportJob.objects.filter(
            status__in=[ReportJob.Status.SUCCEEDED, ReportJob.Status.FAILED]
        ).first(),
        "the report was not rendered",
        report_worker.workers,
        timeout=180,
    )
    assert job.status == ReportJob.Status.SUCCEEDED, job.error
    # The status refreshes itself every 2 s and then offers the file.
    download_link = page.get_by_role("link", name=re.compile("herunterladen"))
    expect(download_link).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == job.filename
    return job, Path(download.value.path()).read_bytes()

from datetime import date

import pytest
from django.core import mail

from cooperations import actions
from cooperations.models import CooperationPartner, DeadlineReminder


@pytest.fixture
def cooperation(roles, municipality, other_municipality):
    cooperation = actions.cooperation_create(
        actor=None, title="Bauhof", task="Bauhof", lead=municipality,
        partners=[other_municipality], start_date=date(2026, 1, 1),
        minimum_term_months=60, notice_period_months=6,
    )  # fmt: skip
    # Term ends 31.12.2030; notice must arrive by 30.06.2030.
    CooperationPartner.objects.filter(municipality=municipality).update(
        contact_email="bauamt@eschwege.example"
    )
    CooperationPartner.objects.filter(municipality=other_municipality).update(
        contact_email="kaemmerei@witzenhausen.example"
    )
    return cooperation


@pytest.mark.parametrize(
    ("today", "lead"),
    [(date(2030, 4, 1), 90), (date(2030, 5, 31), 30), (date(2030, 6, 23), 7)],
)
def test_reminders_go_to_every_partner_contact_90_30_and_7_days_ahead(
    cooperation, today, lead
):
    assert actions.deadline_reminders_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bauamt@eschwege.example", "kaemmerei@witzenhausen.example",
    ]  # fmt: skip
    assert "30.06.2030" in mail.outbox[0].subject
    assert f"in {lead} Tagen" in mail.outbox[0].body
    assert DeadlineReminder.objects.filter(lead_days=lead).count() == 2


def test_each_reminder_is_sent_only_once(cooperation):
    actions.deadline_reminders_send(today=date(2030, 4, 1))
    actions.deadline_reminders_send(today=date(2030, 4, 1))
    assert len(mail.outbox) == 2


def test_no_reminder_on_other_days_or_for_ended_cooperations(cooperation):
    assert actions.deadline_reminders_send(today=date(2030, 4, 2)) == 0
    cooperation.status = "ended"
    cooperation.save()
    assert actions.deadline_reminders_send(today=date(2030, 4, 1)) == 0
    assert mail.outbox == []


def test_a_refused_mail_is_not_counted_as_sent(cooperation, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(actions, "send_mail", refuse)
    with pytest.raises(OSError):
        actions.deadline_reminders_send(today=date(2030, 4, 1))
    assert not DeadlineReminder.objects.exists()

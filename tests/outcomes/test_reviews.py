"""The hiring manager records a hire's start date and writes the 6- and 12-month reviews;
only they and the admins read them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from panelist.core.errors import DomainError, NotAllowed
from panelist.library.models import Dimension
from panelist.outcomes import services
from panelist.outcomes.models import DimensionReview, Review
from panelist.outcomes.services import DimensionInput, add_months


def _answers(rating=3, evidence="Shipped the assay pipeline refactor on time."):
    return {
        d.pk: DimensionInput(rating=rating, evidence=evidence)
        for d in Dimension.objects.filter(assessed=True)
    }


def _submit(hire, actor, **overrides):
    arguments = {
        "actor": actor,
        "hire": hire,
        "period": 6,
        "dimensions": _answers(),
        "would_hire_again": True,
        "still_in_role": True,
    } | overrides
    return services.review_submit(**arguments)


def _form(rating="3", evidence="Led the plate-reader integration.", **extra):
    data = {"would_hire_again": "yes", "still_in_role": "yes"} | extra
    for dimension in Dimension.objects.filter(assessed=True):
        data[f"dimension-{dimension.pk}-rating"] = rating
        data[f"dimension-{dimension.pk}-evidence"] = evidence
    return data


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 15), 6) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_the_manager_writes_the_six_month_review_with_a_rating_and_evidence_per_dimension(
    hire, people
):
    review = _submit(hire, people.manager)
    assert review.period == 6 and review.would_hire_again and review.still_in_role
    assessed = Dimension.objects.filter(assessed=True).count()
    assert DimensionReview.objects.filter(review=review).count() == assessed == 5


def test_a_review_is_written_once(hire, people):
    _submit(hire, people.manager)
    with pytest.raises(DomainError, match="already been written"):
        _submit(hire, people.manager)
    assert Review.objects.count() == 1


def test_the_twelve_month_review_waits_for_its_day(hire, people):
    due = add_months(hire.start_date, 12)
    with pytest.raises(DomainError, match=f"opens on {due:%d %B %Y}"):
        _submit(hire, people.manager, period=12)
    assert _submit(hire, people.manager, period=12, today=due).period == 12


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"rating": None, "evidence": "x"}, "rating"),
        ({"rating": 5, "evidence": "x"}, "rating"),
        ({"rating": 3, "evidence": "   "}, "evidence"),
        ({"rating": 3, "evidence": "x" * 501}, "evidence"),
    ],
)
def test_every_dimension_needs_a_rating_on_the_scale_and_a_line_of_evidence(
    hire, people, answers, field
):
    dimensions = _answers()
    first = Dimension.objects.filter(assessed=True).order_by("order").first()
    dimensions[first.pk] = DimensionInput(**answers)
    with pytest.raises(DomainError) as refused:
        _submit(hire, people.manager, dimensions=dimensions)
    assert refused.value.field == f"dimension-{first.pk}-{field}"
    assert not Review.objects.exists()


def test_the_two_questions_must_be_answered(hire, people):
    with pytest.raises(DomainError) as refused:
        _submit(hire, people.manager, would_hire_again=None)
    assert refused.value.field == "would_hire_again"


def test_nobody_but_the_openings_manager_writes_a_review(hire, people):
    for someone in (people.admin, people.other_manager, people.member, people.recruiter):
        with pytest.raises(NotAllowed):
            _submit(hire, someone)


def test_the_start_date_is_recorded_by_the_manager_or_an_admin_only(hire, people):
    decision = hire.decision
    day = hire.start_date + timedelta(days=1)
    services.hire_start_record(actor=people.admin, decision=decision, start_date=day)
    for someone in (people.other_manager, people.member, people.recruiter):
        with pytest.raises(NotAllowed):
            services.hire_start_record(actor=someone, decision=decision, start_date=day)


def test_the_start_date_is_fixed_once_a_review_was_written(hire, people):
    _submit(hire, people.manager)
    with pytest.raises(DomainError, match="no longer change"):
        services.hire_start_record(
            actor=people.manager, decision=hire.decision, start_date=hire.start_date
        )


def test_a_start_date_before_the_decision_is_refused(hire, people):
    decided = timezone.localdate(hire.decision.decided_at)
    with pytest.raises(DomainError, match="cannot come before"):
        services.hire_start_record(
            actor=people.manager,
            decision=hire.decision,
            start_date=decided - timedelta(days=1),
        )


def test_the_manager_completes_the_review_on_its_page(client, hire, people):
    client.force_login(people.manager)
    url = reverse("outcomes-review", args=[hire.decision_id, 6])
    page = client.get(url)
    assert page.status_code == 200
    assert "Data Scientist expects" in page.content.decode()
    response = client.post(url, _form())
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.dimensions.count() == 5
    written = client.get(url).content.decode()
    assert "Led the plate-reader integration." in written


def test_a_review_missing_evidence_comes_back_with_the_error_at_the_field(client, hire, people):
    client.force_login(people.manager)
    url = reverse("outcomes-review", args=[hire.decision_id, 6])
    response = client.post(url, _form(evidence=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give one line of evidence for people skills." in page
    assert not Review.objects.exists()


def test_reviews_are_read_by_the_manager_and_admins_and_out_of_reach_for_everyone_else(
    client, hire, people
):
    _submit(hire, people.manager)
    review_url = reverse("outcomes-review", args=[hire.decision_id, 6])
    for reader in (people.manager, people.admin):
        client.force_login(reader)
        assert client.get(review_url).status_code == 200
        assert client.get(reverse("outcomes-hires")).status_code == 200
    for outsider in (people.other_manager, people.member, people.recruiter, people.outsider):
        client.force_login(outsider)
        assert client.get(review_url).status_code == 404
        start_url = reverse("outcomes-hire-start", args=[hire.decision_id])
        assert client.post(start_url, {"start_date": "2026-01-01"}).status_code == 404
    for outsider in (people.member, people.recruiter, people.outsider):
        client.force_login(outsider)
        assert client.get(reverse("outcomes-hires")).status_code == 404
        assert client.get(reverse("outcomes-validity")).status_code == 404


def test_an_admin_reads_a_due_review_but_cannot_post_one(client, hire, people):
    client.force_login(people.admin)
    url = reverse("outcomes-review", args=[hire.decision_id, 6])
    assert "Waiting for" in client.get(url).content.decode()
    assert client.post(url, _form()).status_code == 404
    assert not Review.objects.exists()


def test_the_managers_home_lists_the_review_due(client, hire, people):
    client.force_login(people.manager)
    page = client.get(reverse("home")).content.decode()
    assert "Reviews of your hires" in page
    assert reverse("outcomes-review", args=[hire.decision_id, 6]) in page
    _submit(hire, people.manager)
    assert "Reviews of your hires" not in client.get(reverse("home")).content.decode()


def test_the_hires_page_records_a_start_date(client, hire, people):
    client.force_login(people.manager)
    day = hire.start_date + timedelta(days=2)
    response = client.post(
        reverse("outcomes-hire-start", args=[hire.decision_id]), {"start_date": day.isoformat()}
    )
    assert response.status_code == 302
    hire.refresh_from_db()
    assert hire.start_date == day
    bad = client.post(
        reverse("outcomes-hire-start", args=[hire.decision_id]), {"start_date": "not a date"}
    )
    assert bad.status_code == 302
    hire.refresh_from_db()
    assert hire.start_date == day


def test_a_review_posted_before_its_day_is_refused_with_the_date(client, hire, people):
    client.force_login(people.manager)
    url = reverse("outcomes-review", args=[hire.decision_id, 12])
    assert "This review opens on" in client.get(url).content.decode()
    response = client.post(url, _form(), follow=True)
    assert f"opens on {add_months(hire.start_date, 12):%d %B %Y}" in response.content.decode()
    assert not Review.objects.exists()

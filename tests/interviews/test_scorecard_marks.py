"""Where a scorecard falls short is shown at the field: the refused submit marks each field
and links to it, the editor bar counts the rated questions, and the read-only scorecard marks
thin evidence."""

import re

from django.urls import reverse

from panelist.interviews import services
from tests.factories import EVIDENCE, write_scorecard


def test_a_refused_submit_marks_each_invalid_field_and_links_to_it(client, process, people):
    questions = list(services.questions_for(process.assignment))
    first, second = questions[0], questions[1]
    client.force_login(people.member)
    data = {"version": 0, "flag-rows": "0", "recommendation": "yes"}
    for question in questions:
        data[f"rating-{question.pk}"] = "3"
        data[f"evidence-{question.pk}"] = EVIDENCE
    data[f"evidence-{first.pk}"] = "Short."
    data[f"rating-{second.pk}"] = ""
    data[f"evidence-{second.pk}"] = "Noted, not rated yet."
    response = client.post(reverse("scorecard-submit", args=[process.assignment.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    evidence = re.search(rf'<textarea id="evidence-{first.pk}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in evidence and 'class="invalid"' in evidence
    assert f'aria-describedby="evidence-error-{first.pk} ' in evidence
    assert f'<p class="error-text" id="evidence-error-{first.pk}">' in page
    assert f'href="#evidence-{first.pk}">Question 1: Write at least' in page
    assert f'href="#question-{second.pk}">Question 2: Choose a rating' in page
    assert f'aria-describedby="rating-error-{second.pk}"' in page
    rated = len(questions) - 1
    assert f"{rated} of {len(questions)} questions rated" in page
    untouched = re.search(rf'<textarea id="evidence-{questions[2].pk}"[^>]*>', page).group(0)
    assert "aria-invalid" not in untouched


def test_the_editor_bar_counts_rated_questions_on_render(client, process, people):
    client.force_login(people.member)
    total = services.questions_for(process.assignment).count()
    url = reverse("scorecard-edit", args=[process.assignment.pk])
    assert f"0 of {total} questions rated" in client.get(url).content.decode()
    write_scorecard(process.assignment)
    page = client.get(url).content.decode()
    assert f"{total} of {total} questions rated" in page
    assert 'class="editor-bar"' in page


def test_the_read_only_scorecard_marks_thin_evidence(client, process, people, settings):
    thin = "Wrote tests for the parser module."
    assert settings.PANELIST_MIN_EVIDENCE_CHARS <= len(thin) < settings.PANELIST_THIN_EVIDENCE_CHARS
    scorecard = write_scorecard(process.assignment, evidence=thin, submit=True)
    client.force_login(people.member)
    page = client.get(reverse("scorecard-detail", args=[scorecard.pk])).content.decode()
    assert page.count("Thin evidence</span>") == scorecard.ratings.count()
    full = write_scorecard(process.other_assignment, submit=True)
    page = client.get(reverse("scorecard-detail", args=[full.pk])).content.decode()
    assert "Thin evidence</span>" not in page

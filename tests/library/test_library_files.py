"""The library as a file: download any version's YAML, upload a new version in the browser."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panelist.library.models import LibraryVersion
from panelist.library.services import DEFAULT_LIBRARY_PATH

UPLOAD = reverse("library-upload")


def _file(text: str, name: str = "library.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def test_every_user_downloads_a_version_as_it_was_loaded(client, library, people, bearer):
    client.force_login(people.member)
    response = client.get(reverse("library-yaml", args=[library.number]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert response.content.decode() == DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8")
    api = client.get(
        f"/api/v1/library/versions/{library.number}/yaml", headers=bearer(people.recruiter)
    )
    assert api.content == response.content
    assert client.get(reverse("library-yaml", args=[999])).status_code == 404


def test_an_admin_uploads_an_edited_library_as_the_next_version(client, library, people):
    text = DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8").replace(
        "name: Panelist default library", "name: Our library, edited", 1
    )
    assert "Our library, edited" in text
    client.force_login(people.admin)
    response = client.post(UPLOAD, {"file": _file(text)}, follow=True)
    newest = LibraryVersion.objects.order_by("-number").first()
    assert newest.number == library.number + 1 and newest.name == "Our library, edited"
    assert newest.loaded_by == people.admin
    assert response.redirect_chain[-1][0].endswith(f"?version={newest.number}")
    assert b"as library version" in response.content


def test_an_invalid_upload_lists_each_error_by_line_and_loads_nothing(client, library, people):
    text = DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8").replace(
        "dimension: coding", "dimension: astrology", 1
    )
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, start=1) if "dimension: astrology" in t)
    client.force_login(people.admin)
    response = client.post(UPLOAD, {"file": _file(text)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "nothing was loaded" in page
    assert f"<td>{line}</td>" in page and "astrology" in page
    assert LibraryVersion.objects.count() == 1


def test_uploads_that_are_not_utf8_text_or_too_big_are_refused(client, library, people):
    client.force_login(people.admin)
    latin = client.post(
        UPLOAD, {"file": SimpleUploadedFile("l.yaml", "name: caf\xe9".encode("latin-1"))}
    )
    assert latin.status_code == 422 and b"not UTF-8" in latin.content
    big = client.post(UPLOAD, {"file": _file("#" * (1024 * 1024 + 1))})
    assert big.status_code == 422 and b"the limit is 1024 KB" in big.content
    assert LibraryVersion.objects.count() == 1


def test_only_admins_reach_the_upload_page(client, library, people):
    for user in (people.manager, people.member, people.recruiter):
        client.force_login(user)
        assert client.get(UPLOAD).status_code == 404
        assert client.post(UPLOAD, {"file": _file("name: x")}).status_code == 404
    client.force_login(people.admin)
    assert client.get(UPLOAD).status_code == 200
    assert b"Upload a new version" in client.get(reverse("library-rubrics")).content


def test_yaml_aliases_are_refused_before_anything_is_built(client, library, people):
    client.force_login(people.admin)
    response = client.post(UPLOAD, {"file": _file("name: &x [*x]\n")})
    assert response.status_code == 422
    assert b"aliases (*name) are not allowed" in response.content


def test_an_oversized_body_is_refused_before_it_is_read(client, library, people):
    client.force_login(people.admin)
    response = client.post(UPLOAD, {"file": _file("#" * (1024 * 1024 + 100 * 1024))})
    assert response.status_code == 413
    assert b"larger than 1024 KB; nothing was read" in response.content
    assert LibraryVersion.objects.count() == 1


def test_deeply_nested_brackets_are_listed_as_a_problem_and_load_nothing(client, library, people):
    """2,000 nested brackets (4 KB) once exhausted the YAML composer's recursion: a 500."""
    text = "name: Nested\ndescription: deep\nrubrics: " + "[" * 2000 + "]" * 2000 + "\n"
    client.force_login(people.admin)
    response = client.post(UPLOAD, {"file": _file(text)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "nesting too deep" in page and "<td>3</td>" in page
    assert LibraryVersion.objects.count() == 1

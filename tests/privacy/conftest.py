# The candidate-side fixtures (uploads in a temporary folder, a seminar member, the
# candidate's link) are the portal's; the privacy tests use the same ones.
from tests.portal.conftest import _uploads_in_tmp, seminar_assignment, token  # noqa: F401

from tests.greenhouse.fake_harvest import harvest  # noqa: F401 - a fixture for every test here

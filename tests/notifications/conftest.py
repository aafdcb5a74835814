from tests.rectification.conftest import world  # noqa: F401  (the same post-feedback world)

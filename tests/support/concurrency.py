"""Run the same request from several threads at once, each on its own connection.

Used by the PostgreSQL concurrency tests (`@pytest.mark.postgres` with
`@pytest.mark.django_db(transaction=True)`): every thread waits at a barrier, then calls `fn`;
the results (return values or raised exceptions) come back in thread order.
"""

import threading

from django.db import connections


def run_concurrently(fn, count=4, timeout=30):
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=timeout)
            results[index] = fn(index)
        except BaseException as exc:  # returned to the test, which asserts on it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def api_post_concurrently(user, url, data=None, count=4):
    """POST the same body `count` times at once as `user`; the status codes, in order."""
    from rest_framework.test import APIClient

    def post(_index):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(url, data or {}, format="json").status_code

    return run_concurrently(post, count)

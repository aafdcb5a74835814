"""Serves plotly.js from the installed `plotly` package as static/vendor/plotly.min.js.

The file is never copied into the repository nor fetched from a CDN: it comes with the
locked Python dependency, and `collectstatic` picks it up through this finder.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
FILES = {"vendor/plotly.min.js": "plotly.min.js"}


class PackageAssetFinder(BaseFinder):
    storage = FileSystemStorage(location=str(PLOTLY_DIR))

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        name = FILES.get(path)
        if name is None:
            return [] if find_all or kwargs.get("all") else None
        found = str(PLOTLY_DIR / name)
        return [found] if find_all or kwargs.get("all") else found

    def list(self, ignore_patterns):
        # collectstatic copies each file to `prefix/name`; storage paths are relative.
        for path, name in FILES.items():
            yield name, _PrefixedStorage(path)


class _PrefixedStorage(FileSystemStorage):
    """Names the file by its public path for collectstatic."""

    def __init__(self, public_path):
        super().__init__(location=str(PLOTLY_DIR))
        self.prefix = str(Path(public_path).parent)

"""plotly.js comes from the installed plotly package, not from the repository or a CDN."""

from pathlib import Path

import plotly
from django.contrib.staticfiles import finders

from inspection.dashboards.finders import PackageAssetFinder

BASE_DIR = Path(__file__).resolve().parents[2]


def test_plotly_is_found_inside_the_installed_package():
    found = Path(finders.find("vendor/plotly.min.js"))
    assert found == Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    assert found.stat().st_size > 1_000_000
    assert not list(BASE_DIR.joinpath("static").rglob("plotly*.js"))  # never copied here


def test_collectstatic_would_publish_it_under_vendor():
    listed = [(path, storage.prefix) for path, storage in PackageAssetFinder().list([])]
    assert listed == [("plotly.min.js", "vendor")]
    assert PackageAssetFinder().find("vendor/other.js") is None
    assert PackageAssetFinder().find("vendor/plotly.min.js", find_all=True) == [
        finders.find("vendor/plotly.min.js")
    ]

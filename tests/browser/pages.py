"""Page objects: one small class per page, named by what a user does there.

Flows still to come add their page here the same way, e.g. a `PetitionRegisterPage` with
`register(channel=..., summary=...)`, a `FindingPage` with `log(title=..., working_paper=...)`,
a `ProgressPage` with `submit(text=..., evidence=path)` and a `ClosePage` with `close(item)`,
then a test that reads `DashboardPage.values("rectification_by_month", 2)` before and after.
"""

from dataclasses import dataclass

from playwright.sync_api import Page


@dataclass
class BasePage:
    page: Page
    path = "/"

    def open(self, query=""):
        self.page.goto(self.path + (f"?{query}" if query else ""))
        return self

    def heading(self):
        return self.page.locator("main h1").first.inner_text()

    def fits_the_screen(self) -> bool:
        """No horizontal scrolling of the whole page (tables may scroll inside their box)."""
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


class LoginPage(BasePage):
    path = "/login/"

    def login(self, username, password):
        self.open()
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/login/" not in url)
        return self


class StationListPage(BasePage):
    path = "/tours/stations/"

    def unit_names(self):
        return self.page.locator("table.table tbody a[href*='/tours/stations/']").all_inner_texts()

    def open_station(self, unit_name):
        self.page.get_by_role("link", name=unit_name).click()
        self.page.wait_for_url("**/tours/stations/*/")


class DashboardPage(BasePage):
    path = "/dashboards/"

    def chart(self, key):
        return self.page.locator(f"#chart-{key}")

    def wait_for_chart(self, key):
        """Waits until plotly has drawn the chart's SVG with at least one mark."""
        self.chart(key).locator("svg.main-svg").first.wait_for()
        # A bar of zero height is drawn but not "visible": wait for it to exist.
        self.chart(key).locator(".trace .point").first.wait_for(state="attached")
        return self.chart(key)

    def values(self, key, series=0):
        """(labels, values) of one series, as plotly holds them after drawing."""
        return self.page.evaluate(
            "([key, i]) => { const t = document.getElementById('chart-' + key).data[i];"
            " return [t.x, t.y]; }",
            [key, series],
        )


class ApiTokensPage(BasePage):
    path = "/account/tokens/"

    def create(self, name):
        self.open()
        self.page.fill("#id_name", name)
        self.page.click("form:has(#id_name) button[type=submit]")
        return self.page.input_value("#new-token-secret")

    def revoke(self, name):
        self.page.locator("tr", has_text=name).get_by_role("button").click()
        self.page.wait_for_url("**" + self.path)


class ApiDocsPage(BasePage):
    path = "/api/docs/"

    def wait_for_operations(self, tag="stations"):
        """The operation paths listed under a tag, found through the docs' filter box
        (Swagger UI renders only the tags in view)."""
        self.page.locator(".swagger-ui .operation-filter-input").fill(tag)
        summary = self.page.locator(".swagger-ui .opblock-summary-path")
        summary.filter(has_text=f"/api/v1/{tag}/").first.wait_for()
        return summary.all_inner_texts()

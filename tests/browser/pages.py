"""Page objects: one small class per page, named by what a user does there.

The flows (tests/browser/test_flows.py) use PetitionIntakePage, FindingLogPage and
RectificationItemPage, and read plotted values with DashboardPage.values(key, series).
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

    def submit(self, button):
        """Clicks a form's button and waits for the page the server answers with."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()
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

    def choose_term(self, term_label):
        self.page.select_option("#id_term", label=term_label)
        return self.submit("查看")

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


class PetitionIntakePage(BasePage):
    path = "/petitions/new/"

    def register(self, *, station, channel, summary, disciplines=()):
        """Fills the one-page intake form and saves; returns the registration number shown."""
        self.open()
        self.page.select_option("#id_station", label=station)
        self.page.select_option("#id_channel", label=channel)
        self.page.fill("#id_summary", summary)
        for discipline in disciplines:
            self.page.get_by_label(discipline, exact=True).check()
        self.submit("保存并查看")
        return self.heading()


class FindingLogPage(BasePage):
    path = "/findings/new/"

    def log(self, *, station, title, category, facts_who, facts_what, facts_when, photo):
        """The finding, its working paper and a photo, in one form."""
        self.open()
        self.page.select_option("#id_station", label=station)
        self.page.fill("#id_title", title)
        self.page.select_option("#id_category", label=category)
        self.page.fill("#id_facts_who", facts_who)
        self.page.fill("#id_facts_what", facts_what)
        self.page.fill("#id_facts_when", facts_when)
        self.page.set_input_files("#id_photo", str(photo))
        self.submit("保存")
        return self


class RectificationItemPage(BasePage):
    """An item reached from the unit's rectification portal."""

    path = "/rectification/"

    def open_item(self, unit_name, title):
        self.open()
        self.page.get_by_role("link", name=unit_name).first.click()
        self.page.get_by_role("link", name=title).first.click()
        self.page.wait_for_url("**/rectification/items/*/")
        return self

    def submit_progress(self, text, evidence):
        self.page.fill("#id_text", text)
        self.page.set_input_files("#id_evidence", str(evidence))
        self.submit("报送进展")
        return self

    def request_closure(self):
        self.submit("申请销号")
        return self

    def approve(self, result):
        self.page.select_option("#id_result", label=result)
        self.submit("同意销号")
        return self

    def status(self):
        return self.page.locator("main .badge").first.inner_text()

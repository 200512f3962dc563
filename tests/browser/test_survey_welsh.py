"""Every string in English and Welsh: chosen by data-lang, else by the page's lang."""
import pytest

from tests.browser.harness import panel, wait_for

pytestmark = pytest.mark.browser


def test_welsh_page_gets_the_survey_in_welsh(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0", page_lang="cy"))
    survey = panel(page)
    survey.get_by_role("heading", name="Helpwch ni i wella’r wefan hon").wait_for()
    assert survey.get_attribute("lang") == "cy"
    assert survey.get_by_role("button", name="Dim diolch").is_visible()
    survey.get_by_role("button", name="Llenwi’r arolwg").click()

    assert survey.get_by_role("group", name="Beth oeddech chi'n dod i'r wefan i'w wneud?").is_visible()
    assert survey.get_by_text("Mae pob cwestiwn yn ddewisol.").is_visible()
    assert survey.get_by_text("Mae gennych 1000 nod yn weddill").is_visible()
    survey.get_by_label("Treth Gyngor").check()
    survey.get_by_label("Gwael").check()
    survey.get_by_role("group", name="Beth oedd y prif reswm?").wait_for()
    survey.get_by_role("button", name="Anfon").click()
    survey.get_by_role("alert").filter(has_text="Diolch am eich adborth.").wait_for()
    assert survey.get_by_role("button", name="Cau").is_visible()
    assert "Thank" not in survey.inner_text()

    rows = wait_for(lambda: collector.responses(site_key), message="the stored response")
    assert [(row["lang"], row["service"], row["rating"]) for row in rows] == [("cy", "council_tax", "poor")]


def test_data_lang_overrides_the_page_language(host, site_key, new_page):
    english_page = new_page()
    english_page.goto(host.url("/page/1", site=site_key, trigger="delay:0", lang="cy", page_lang="en"))
    panel(english_page).get_by_role("button", name="Llenwi’r arolwg").wait_for()

    welsh_page = new_page()
    welsh_page.goto(host.url("/page/1", site=site_key, trigger="delay:0", lang="en", page_lang="cy"))
    panel(welsh_page).get_by_role("button", name="Take the survey").wait_for()
    assert panel(welsh_page).get_attribute("lang") == "en"

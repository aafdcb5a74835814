import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html and "用户名" in html


@pytest.mark.django_db
def test_english_is_selectable(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_demo_accounts_log_in_and_reloading_keeps_data(capsys):
    call_command("load_demo")
    printed = capsys.readouterr().out
    accounts = [line.split()[:2] for line in printed.splitlines()[1:] if line.strip()]
    assert len(accounts) >= 6
    from tours.models import Station

    stations = Station.objects.count()
    call_command("load_demo")  # idempotent
    assert Station.objects.count() == stations
    for username, password in accounts:
        client = Client()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_shows_error_in_chinese(client):
    call_command("load_demo")
    response = client.post("/login/", {"username": "office", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "区分大小写" in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html and "登录" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert 'lang="en"' in client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

import pytest


@pytest.mark.django_db
def test_home_page_shows_current_edition_in_chinese(client, edition):
    response = client.get("/")

    assert response.status_code == 200
    assert "第三届攀枝花市政府质量奖" in response.content.decode()

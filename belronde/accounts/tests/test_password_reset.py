import re

import pytest
from django.urls import reverse

from belronde.testing import PASSWORD, Personas


@pytest.mark.django_db
class TestPasswordReset(Personas):
    def test_it_mails_a_link_in_the_users_language_and_the_link_works(self, client, smtp_server):
        self.create_personas()
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        response = client.post(reverse("accounts:password_reset"), {"email": self.caller.email})
        assert response.status_code == 302
        [message] = smtp_server.wait_for(1)
        assert message["To"] == self.caller.email
        assert "choose a new password" in message["Subject"]
        body = message.get_payload(decode=True).decode()
        link = re.search(r"http://testserver(/account/reset/\S+/)", body).group(1)
        form = client.get(link, follow=True)
        assert form.status_code == 200
        response = client.post(
            form.redirect_chain[-1][0],
            {
                "new_password1": "a new one, long enough 42",
                "new_password2": "a new one, long enough 42",
            },
        )
        assert response.status_code == 302
        self.caller.refresh_from_db()
        assert self.caller.check_password("a new one, long enough 42")
        assert not self.caller.check_password(PASSWORD)

    def test_it_says_the_same_for_an_unknown_address(self, client, smtp_server):
        self.create_personas()
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert smtp_server.wait_for(1, timeout=0.5) == []

"""The participant's own pages speak to them as «du», never about them as «deltakeren», and
carry no words meant for staff. The test follows every link from Min side that stays in the
participant's own pages, so a page added later is read too."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from los.access.policy import load_access
from los.measures import services as measure_services
from los.measures.models import Instrument
from los.participants.models import Participant

pytestmark = pytest.mark.django_db

# Words about the participant in the third person, and words that belong to the team's
# work (the method's terms, advice in a clinical band).
STAFF_WORDS = re.compile(
    r"\b(deltakeren|deltakerens|konkurranseutsatt\w*|vurder utredning)\b", re.IGNORECASE
)


class MainText(HTMLParser):
    """The text inside <main> and every link on the page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.words: list[str] = []
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/"):
            self.links.append(href.split("#")[0])
        self._in_main = self._in_main or tag == "main"

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False

    def handle_data(self, data):
        if self._in_main:
            self.words.append(data)


def own_pages(client, participant: Participant):
    """Every page reached from Min side inside the participant's own pages: path and text."""
    own = (f"/deltakere/{participant.public_id}/", "/meg/")
    seen, waiting = set(), ["/meg/"]
    while waiting:
        path = waiting.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = MainText()
        page.feed(response.content.decode())
        yield path, " ".join(page.words)
        waiting += [link for link in page.links if link.startswith(own) and link not in seen]


def test_no_page_of_the_participants_own_speaks_of_them_as_deltakeren(client, world):
    who5 = Instrument.objects.get(code="who-5")
    measure_services.response_save(
        access=load_access(world.therapist, world.participant),
        instrument=who5,
        answers={str(n): code for n, code in enumerate("00000", 1)},  # the lowest band
        submit=True,
        completed_on=timezone.localdate(),
    )
    client.force_login(world.participant_user)

    pages = dict(own_pages(client, world.participant))

    assert len(pages) >= 20  # Min side, the plan, dialogue, meetings, work, measures, logs …
    found = {
        path: sorted({match.group(0) for match in STAFF_WORDS.finditer(text)})
        for path, text in pages.items()
        if STAFF_WORDS.search(text)
    }
    assert found == {}

"""A client with a life's letters, made through the archive's own API, for the book of letters' tests.

Ada Byrne writes to her husband Tobias, her daughter Maeve and her grandson Ronan: letters
rendered from the real templates, some lengthened by her own edits (two and three pages in
a book), a few drafts never exported, and one letter whose template has changed since.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from letterwriter.archive.clients import add_client
from letterwriter.archive.letters import save_letter
from letterwriter.archive.records import LetterRecord
from letterwriter.archive.store import ArchiveStore
from letterwriter.templates import library

CLIENT = {
    "name": "Ada Byrne",
    "people": [
        {
            "name": "Tobias",
            "full_name": "Tobias Byrne",
            "relationship": "spouse",
            "pronouns": "he/him",
            "pet_name": "Toby",
            "places": ["Galway", "the cottage at Spiddal"],
            "dates": {"anniversary": "1974-06-01"},
            "memories": ["the rain at Spiddal when Maeve was born", "the summer at Aunt Nora's in Kinsale"],
        },
        {
            "name": "Maeve",
            "relationship": "daughter",
            "pronouns": "she/her",
            "places": ["Cork"],
            "memories": ["the kite we flew at Inchydoney"],
        },
        {
            "name": "Ronan",
            "relationship": "grandchild",
            "pronouns": "he/him",
            "memories": ["the day Ronan caught his first mackerel off Dingle"],
        },
    ],
}
# Every name the file and the briefs hold: none may be left in a book made with initials.
NAMES = [
    "Ada",
    "Byrne",
    "Tobias",
    "Toby",
    "Maeve",
    "Ronan",
    "Galway",
    "Spiddal",
    "Nora",
    "Kinsale",
    "Cork",
    "Inchydoney",
    "Dingle",
    "Clonakilty",
]
_PLANS = [
    ("anniversary", 0),
    ("missing_you", 0),
    ("to_child", 1),
    ("birthday", 1),
    ("to_child", 2),
    ("thank_you", 2),
]
_SUBJECTS = ["the garden", "the harbour", "your letter", "the old kettle", "the long road", "our street"]
_VERBS = [
    "has been on my mind",
    "made me smile",
    "kept me company",
    "reminded me of Clonakilty",
    "surprised me",
]
_TAILS = [
    "all through the wet spring",
    "when the light came low over the water",
    "while the radio murmured on",
    "on the walk home from the shop",
    "long after the others had gone to bed",
]


@dataclass
class Made:
    client_id: str
    letters: list[LetterRecord] = field(default_factory=list)  # exported, oldest first
    drafts: list[LetterRecord] = field(default_factory=list)
    changed: LetterRecord | None = None  # its template has changed since it was stored


def _own_words(rnd: random.Random, paragraphs: int) -> str:
    pars = []
    for _ in range(paragraphs):
        sentences = [
            f"{rnd.choice(_SUBJECTS).capitalize()} {rnd.choice(_VERBS)} {rnd.choice(_TAILS)}."
            for _ in range(rnd.randint(3, 7))
        ]
        pars.append(" ".join(sentences))
    return "\n\n".join(pars)


def make_client(db: Path, letters: int = 40, drafts: int = 3, seed: int = 7) -> Made:
    """Ada Byrne's archive in the database at `db`: `letters` exported letters to three people, and drafts."""
    store = ArchiveStore.open(db)
    try:
        made = Made(add_client(store, CLIENT))
        people = store.people(made.client_id)
        lib = library()
        rnd = random.Random(seed)
        for i in range(letters + drafts):
            tid, who = _PLANS[i % len(_PLANS)]
            person = people[who]
            info = lib.get(tid)
            day = dt.date(2016, 1, 1) + dt.timedelta(days=i * 45 + rnd.randint(0, 20))
            brief = {"sender_name": "Ada", "recipient_name": person.name, "letter_date": day.isoformat()}
            fields = {f.name for f in info.fields}
            for name, value in (
                ("married_on", "1974-06-01"),
                ("memories", [m.text for m in person.memories]),
                ("memory", person.memories[0].text),
                ("relationship", person.relationship),
                ("length", ["short", "letter", "long"][i % 3]),
                ("what_they_did", "knitted me the blue scarf for the long winter"),
                ("pet_name", person.pet_name or None),
            ):
                if name in fields and value:
                    brief[name] = value
            language = "en-GB" if who else "en-US"
            rendered = lib.render(info, brief, language=language).text
            edited = None
            if i % 4 == 3:  # her own words added: two or three pages in the book
                own = _own_words(rnd, 3 + i % 7)
                pars = rendered.rstrip("\n").split("\n\n")
                edited = "\n\n".join([*pars[:-1], own, pars[-1]]) + "\n"
            status = "draft" if i >= letters else "exported"
            record = save_letter(
                store,
                person,
                info,
                brief,
                rendered,
                edited_text=edited,
                options={"language": language, "font_family": ["Dancing Script", "Kristi", "Breip"][who]},
                status=status,
                letter_date=day.isoformat(),
            )
            record.person_name = person.name  # as the archive reads it back
            (made.drafts if status == "draft" else made.letters).append(record)
        # written with an older wording of its template: the book prints what was sent
        if len(made.letters) < 6:
            return made
        old = made.letters[5]
        pars = old.rendered_text.split("\n\n")
        old.rendered_text = "\n\n".join([*pars[:2], "The old template said this once.", *pars[2:]])
        old.template_version = "000000000000"
        store.save_letter(old)
        made.changed = old
    finally:
        store.close()
    made.letters.sort(key=lambda r: r.letter_date)
    return made

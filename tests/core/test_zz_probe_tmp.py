import json, collections, re
import pytest
from test_review_set import INFOS, LIB, DATE, LT_BRIEFS, LT_LANGUAGES
from review_briefs import brief_for, covers, BRIEFS
from letterwriter.model import LENGTHS

@pytest.mark.lt
def test_probe(lt_url):
    from letterwriter.grammar import Checker, check_letter
    checker = Checker(lt_url)
    rules = collections.defaultdict(list); seen=set()
    names = list(LT_BRIEFS) + ["peckham_gran", "dubois_family", "chicago_brother", "salthill_wife", "cork_friend", "ohio_colleague"]
    for info in INFOS:
        for name in names:
            if not covers(info, name): continue
            for tone in info.tones:
                for length in LENGTHS:
                    for variation in (1, 2, 3):
                        for language in LT_LANGUAGES:
                            brief = brief_for(info, name, tone=tone, length=length, letter_date=DATE)
                            letter = LIB.render(info, brief, variation=variation, language=language)
                            if (letter.text, language) in seen: continue
                            seen.add((letter.text, language))
                            for issue in check_letter(letter, language=language, checker=checker).issues:
                                if issue.source == "template":
                                    rules[issue.rule_id].append(f"{info.id} {name} {tone}/{length}/v{variation} {language}: {issue.describe(letter.text)}")
    json.dump({"checked": len(seen), "rules": rules}, open("/tmp/lw/lt.json", "w"), indent=1)

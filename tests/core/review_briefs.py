"""The review set: briefs typed the way clients type them, and what counts as a letter worth sending.

Each brief fills fields by name across all twelve templates; a template takes the fields
it declares. They are written as people fill in forms: capitals, closing full stops, a
leading "I", very short and very long memories, they/them, a name ending in s, and one
with only the required fields.
"""

from __future__ import annotations

# The blind reader's clients (round 4), each with one brief per occasion below.
_ZOE = {
    "sender_name": "Siobhán Gallagher",
    "signs_as": "Siobhán",
    "recipient_name": "Zoë",
    "recipient_full_name": "Zoë Adebayo-Clarke",
    "recipient_pronouns": "she/her",
    "pet_name": "Zo",
}
_EDDIE = {
    "sender_name": "the Nguyễn family",
    "signs_as": "Thảo, Minh, Lily and baby An",
    "recipient_name": "Eddie",
    "recipient_full_name": "Eduardo Alvarez",
    "recipient_pronouns": "he/him",
    "relationship": "neighbour",
}
_TATA = {
    "sender_name": "Łucja Nowak",
    "signs_as": "Łucja",
    "recipient_name": "Tata",
    "recipient_full_name": "Bogdan Nowak",
    "recipient_pronouns": "he/him",
    "relationship": "father",
}

BRIEFS: dict[str, dict] = {
    # Capitals and full stops everywhere, a leading "I" and "I will", he/him.
    "capitals": {
        "sender_name": "Dominic",
        "recipient_name": "Marcus",
        "recipient_full_name": "Marcus Hale",
        "relationship": "friend",
        "recipient_pronouns": "he/him",
        "memories": [
            "The night we missed the last train and walked home along the river.",
            "When you taught me to change a tyre in the pouring rain.",
            "Our terrible band, The Loose Ends.",
        ],
        "memory": "The night we missed the last train and walked home along the river.",
        "qualities": ["Your patience.", "How you never give up on people."],
        "hopes": ["A summer at the cottage.", "Seeing the Northern Lights together."],
        "wish": "A year with more rest than worry.",
        "lesson": "To finish what I start.",
        "what_happened": "I missed your first exhibition opening.",
        "impact": "You looked for me in the crowd all evening.",
        "what_will_change": "I will Call you every Sunday, without fail.",
        "effort": "Forty years of early starts.",
        "inside_joke": "The Goat Incident.",
        "what_they_did": "Drove four hours to fetch me when my car broke down.",
        "situation": "I was stuck on the side of the motorway at midnight.",
        "moment": "You brought a flask of tea and a blanket.",
        "difference": "I made it to my sister's wedding the next morning.",
        "promise": "I will be there the next time you need a lift.",
        "how_we_met": "At the bus stop outside school, both of us late.",
        "what_you_are": ["The brother I chose.", "My first call when things go wrong."],
        "ritual": "Our Friday phone call with a beer each.",
        "next_plan": "A long walk on the coast path.",
        "absence": ["The empty chair at the pub quiz.", "Saturday mornings."],
        "distance_place": "Vancouver",
        "story": "The Winter you kept the whole team going through the merger.",
        "built": "The Customer Support team from three people to thirty.",
        "helped": ["New starters.", "Me, on my first terrible week."],
        "next_chapter": "Sailing around the Hebrides.",
        "achievement": "new job",
        "role": "Head of Engineering",
        "employer": "Northwind",
        "milestone": "Turning Eighteen.",
        "age": 40,
        "plans": "Dinner at Luigi's on Saturday.",
        "daily_things": ["Packed my lunch every morning.", "Left the porch light on."],
        "heirloom": "My old fountain pen.",
        "deceased_name": "Frank",
        "deceased_pronouns": "he/him",
        "deceased_relation": "Your father.",
        "quality": "His terrible jokes.",
        "help_offer": "I can walk the dog every morning next week.",
        "then": "A rented room and a borrowed kettle.",
        "now": "A house full of noise.",
        "loved_things": ["Your laugh.", "The way you hum when you cook."],
        "places": ["The bench at Kew.", "Luigi's."],
        "passing_on_to": "My own son.",
        "message": "thanks for being you",
    },
    # they/them, a name ending in s, mid-sized details, family.
    "they_james": {
        "sender_name": "Priya",
        "recipient_name": "James",
        "recipient_full_name": "James Okafor",
        "relationship": "sibling",
        "recipient_pronouns": "they/them",
        "memories": [
            "building a blanket fort in Gran's front room",
            "the summer we sold lemonade and made four pounds",
        ],
        "memory": "building a blanket fort in Gran's front room",
        "qualities": ["your kindness to strangers", "your stubbornness"],
        "hopes": ["a trip to Lisbon together"],
        "wish": "work that makes you happy",
        "lesson": "how to laugh at myself",
        "what_happened": "forgot your birthday",
        "impact": "you spent the evening waiting for a call that never came",
        "what_will_change": "put every birthday in my calendar the day I hear it",
        "effort": "three years of night classes",
        "what_they_did": "looked after my cat for a month",
        "difference": "I could take the job in Leeds without worrying",
        "how_we_met": "the day I was born, apparently",
        "what_you_are": ["my oldest friend"],
        "ritual": "Sunday crosswords over the phone",
        "distance_place": "Glasgow",
        "achievement": "graduation",
        "degree": "MSc in Marine Biology",
        "school": "the University of Plymouth",
        "milestone": "leaving home",
        "age": 30,
        "deceased_name": "Auntie Rose",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your godmother",
        "help_offer": "cook for you on Thursdays",
        "loved_things": ["your laugh"],
        "daily_things": ["made porridge every morning"],
    },
    # Very long memories, told as scenes; she/her; a partner.
    "long_memories": {
        "sender_name": "Tom",
        "recipient_name": "Hannah",
        "recipient_full_name": "Hannah Price",
        "relationship": "partner",
        "recipient_pronouns": "she/her",
        "pet_name": "Han",
        "memories": [
            "We spent the whole winter of 2019 renovating the cottage. The roof leaked, the boiler died "
            "on Christmas Eve, and we ate beans on toast by candlelight wrapped in every blanket we owned. "
            "You said it was the best Christmas you had ever had, and I believed you.",
            "The night shift in A&E when the man in bay four nearly died and you stayed two hours past "
            "the end of your shift to sit with his wife until their son arrived from Bristol.",
            "Our first dance, which was really more of a shuffle.",
        ],
        "memory": "The night shift in A&E when the man in bay four nearly died and you stayed two hours "
        "past the end of your shift to sit with his wife until their son arrived from Bristol.",
        "story": "The night shift in A&E when the man in bay four nearly died and you stayed two hours past "
        "the end of your shift to sit with his wife until their son arrived from Bristol.",
        "moment": "You turned up at the hospital at three in the morning with a flask of soup and a phone "
        "charger. You did not ask a single question, you just sat with me in that plastic chair until the "
        "doctor came out and told us Dad would pull through.",
        "what_they_did": "sat with me at the hospital the night Dad had his heart attack",
        "qualities": ["how calm you are when everyone else panics", "your terrible puns"],
        "loved_things": ["how calm you are when everyone else panics", "your terrible puns"],
        "hopes": ["the cottage finally finished", "a dog called Biscuit"],
        "then": "a leaking cottage and a tin of beans",
        "now": "a warm kitchen and a garden full of runner beans",
        "married_on": "2015-08-22",
        "together_since": "2011-03-05",
        "achievement": "new job",
        "role": "ward sister",
        "employer": "St Thomas' Hospital",
        "effort": "twelve years of night shifts",
        "what_happened": "said your job mattered less than mine, in front of your friends",
        "what_will_change": "I will listen before I speak, and I will say it in front of them too",
        "deceased_name": "Margaret",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your grandmother",
        "distance_place": "Auckland",
        "next_visit": "2027-02-14",
        "built": "the night team on Ward 7",
        "next_chapter": "a cottage with a finished roof",
        "milestone": "eleven",
        "age": 11,
        "inside_joke": "the beans",
    },
    # Very short memories (one or two words), playful people.
    "short_memories": {
        "sender_name": "Lou",
        "recipient_name": "Charles",
        "relationship": "friend",
        "recipient_pronouns": "he/him",
        "memories": ["Paris.", "The boat", "karaoke"],
        "memory": "Paris.",
        "moment": "Karaoke.",
        "story": "The fire drill.",
        "qualities": ["Loyal"],
        "what_they_did": "Lent me the van.",
        "what_happened": "Broke your bike.",
        "effort": "Late nights.",
        "wish": "Sun.",
        "lesson": "Patience.",
        "deceased_name": "Bob",
        "achievement": "new home",
        "home_place": "a flat in Hove",
        "milestone": "8",
        "age": 8,
        "then": "Nothing.",
        "now": "Everything.",
    },
    # Only the required fields (and the recipient's pronouns).
    "required_only": {
        "sender_name": "Ana",
        "recipient_name": "Sam",
        "recipient_pronouns": "they/them",
        "what_happened": "missed your graduation",
        "deceased_name": "Oliver",
        "what_they_did": "helped me move",
        "achievement": "graduation",
    },
    # Formal: a colleague, full name, a retirement.
    "formal_colleague": {
        "sender_name": "Dr Ruth Adeyemi",
        "recipient_name": "Gerald",
        "recipient_full_name": "Gerald Whitfield",
        "relationship": "colleague",
        "recipient_pronouns": "he/him",
        "occasion_kind": "retiring",
        "worked_since": "1998-09-01",
        "built": "the regional archive, from a basement of boxes to a public collection",
        "helped": ["three generations of trainee archivists", "countless family historians"],
        "story": "When the flood reached the basement in 2007, you carried the parish registers up four "
        "flights of stairs before anyone else had arrived.",
        "lesson": "That every record is somebody's story.",
        "next_chapter": "Walking the Camino and, I am told, learning the cello.",
        "memory": "your first lecture to the new trainees, when the projector failed and you simply talked",
        "memories": [
            "your first lecture to the new trainees, when the projector failed and you simply talked"
        ],
        "qualities": ["your care for detail", "your generosity with your time"],
        "what_they_did": "reviewed my grant application over a weekend",
        "difference": "the project was funded",
        "effort": "a decade of cataloguing",
        "achievement": "new job",
        "role": "Director of Collections",
        "employer": "the National Archive",
        "deceased_name": "Eleanor Whitfield",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your wife",
        "quality": "Her warmth at every staff party.",
        "help_offer": "cover your committee work for as long as you need",
        "what_happened": "spoke over you at the board meeting",
        "impact": "your proposal was never properly heard",
        "what_will_change": "make sure you have the floor first at the next meeting",
        "wish": "a long and happy retirement",
    },
    # Parent and child: ages and counts typed as numbers and words.
    "family_ages": {
        "sender_name": "Mum",
        "recipient_name": "Ella",
        "relationship": "daughter",
        "recipient_pronouns": "she/her",
        "milestone": "Eight",
        "age": 8,
        "memory": "The day you read a whole book to your little brother.",
        "memories": ["The day you read a whole book to your little brother."],
        "qualities": ["Your curiosity.", "your big laugh"],
        "heirloom": "Grandma's silver locket.",
        "wish": "Friends who are kind to you.",
        "plans": "Pancakes and the zoo.",
        "inside_joke": "Mr Wobbles.",
        "daily_things": ["Walked me to school.", "Sang while washing up."],
        "lesson": "To say sorry first.",
        "passing_on_to": "Ella.",
        "achievement": "new baby",
        "baby_name": "Noah",
        "baby_pronouns": "he/him",
        "what_happened": "Shouted at you the morning of your school play.",
        "what_will_change": "I will Count to ten before I raise my voice.",
        "deceased_name": "Grandpa Joe",
        "deceased_pronouns": "he/him",
        "deceased_relation": "Your grandpa.",
        "what_they_did": "Made me a birthday card all by yourself.",
    },
    # Partner: proper nouns first, a pet name, romance; Christmas and Paris stay capitalised.
    "partner_names": {
        "sender_name": "Léa",
        "recipient_name": "Nikolas",
        "relationship": "spouse",
        "recipient_pronouns": "he/him",
        "pet_name": "Niko",
        "memories": [
            "Paris in the rain, when we could not find the hotel.",
            "Christmas at your parents' farm.",
            "Sunday mornings at the market.",
        ],
        "memory": "Paris in the rain, when we could not find the hotel.",
        "places": ["Lisbon", "The little bakery on Rue Oberkampf"],
        "loved_things": ["You make me brave.", "Your cold feet, somehow."],
        "qualities": ["You make me brave."],
        "hopes": ["Japan in the spring.", "Growing old in a house by the sea."],
        "married_on": "2016-05-14",
        "then": "Two suitcases and a mattress on the floor.",
        "now": "A home, two cats and more books than shelves.",
        "inside_joke": "The Lost Hotel.",
        "ritual": "Coffee in bed on Sunday.",
        "distance_place": "Oslo",
        "next_plan": "Dinner at our bakery.",
        "absence": ["The other side of the bed.", "Breakfast."],
        "message": "I would marry you again tomorrow.",
        "age": 35,
        "wish": "A year as bright as you are.",
        "plans": "Dinner in Lisbon.",
        "what_happened": "I forgot our anniversary dinner.",
        "what_will_change": "I will plan the next one myself.",
        "deceased_name": "Eric",
        "deceased_pronouns": "he/him",
        "deceased_relation": "your father",
        "achievement": "new home",
        "home_place": "the blue house on Harbour Street",
        "what_they_did": "Looked after me all through the flu in January.",
    },
    # --- Round 3 (issues 16, 25): new briefs typed the way people type, never tuned against ---
    # A Nigerian-British grandmother in Peckham to her grandson leaving for Leeds: lower case,
    # trailing full stops, "i will never forget when", a plan typed as a sentence, a meaning.
    "peckham_gran": {
        "sender_name": "Folasade Adeyemi",
        "signs_as": "Grandma",
        "recipient_name": "Tobi",
        "relationship": "grandchild",
        "recipient_pronouns": "he/him",
        "memories": [
            {
                "memory": "i will never forget when you read the whole christmas story at church "
                "when you were seven.",
                "meaning": "you were shaking but you did not stop once.",
            },
            "you holding my hand crossing the road to the market when you were five",
        ],
        "memory": {
            "memory": "you holding my hand crossing the road to the market when you were five.",
            "meaning": "now you are taller than me and you still hold my arm on the steps",
        },
        "qualities": ["kind to everybody, even the neighbour's dog", "you greet everybody properly."],
        "wish": "that Leeds is good to you and you find friends who feel like family.",
        "plans": "I am making your favourite puff-puff and the whole family is coming.",
        "milestone": "starting university in Leeds.",
        "heirloom": "your grandfather's agbada, the blue one.",
        "lesson": "you greet everybody properly",
        "message": "call your grandma on sundays. i will be waiting by the phone.",
        "age": 19,
    },
    # A family thanking a ward nurse who looked after their father in his last days, playful.
    "dubois_family": {
        "sender_name": "Marguerite Dubois and family",
        "recipient_name": "Renée",
        "recipient_full_name": "Renée Okoro",
        "relationship": "other",
        "recipient_pronouns": "she/her",
        "tone": "playful",
        "what_they_did": "looked after dad in his last days on ward 7.",
        "situation": "we were exhausted and scared, and nobody had told us what was happening",
        "moment": {
            "memory": "you brought him a cup of tea every morning even when he couldnt drink it",
            "meaning": "he was still a person to you, not a patient",
        },
        "difference": "dad was never alone and we could sleep a little",
        "message": "We have put a bench in the hospital garden in his name. Come and sit on it with us "
        "one day.",
    },
    # A brother in Chicago apologising for missing the wedding: a change typed as a whole sentence.
    "chicago_brother": {
        "sender_name": "Łukasz Nowak",
        "recipient_name": "Tomek",
        "relationship": "brother",
        "recipient_pronouns": "he/him",
        "what_happened": "i missed your wedding because i took an extra shift.",
        "impact": "you had to ask Piotr to be your best man the night before",
        "what_will_change": "I have told my boss I will not miss family things again.",
        "how_we_met": "I was there the day mom brought you home from the hospital",
        "memories": [
            "the summer we built a raft that sank in ten minutes",
            "teaching you to drive in the Walmart parking lot",
        ],
        "message": "i am sorry brother. i owe you a dinner and a lot more than that.",
    },
    # A wife of 25 years, formal; signs with a short name; a wedding and a together-since date.
    "salthill_wife": {
        "sender_name": "Siobhán Murphy",
        "signs_as": "Shiv",
        "recipient_name": "Zoë",
        "recipient_full_name": "Zoë Kowalczyk",
        "relationship": "spouse",
        "recipient_pronouns": "she/her",
        "tone": "formal",
        "married_on": "2001-08-11",
        "together_since": "1998-12-09",
        "then": "a bedsit in Galway with a two ring cooker.",
        "now": "we have a house in Salthill and two teenagers who eat everything",
        "memories": [
            {
                "memory": "the rain that started just as we came out of the registry office",
                "meaning": "we laughed instead of running.",
            },
            "you reading to me every night in the hospital after the accident",
        ],
        "hopes": ["the trip to Kraków to see where your grandmother grew up", "growing old in that house"],
        "loved_things": ["your laugh", "stubborn", "makes everyone feel at home"],
        "places": ["Galway", "the bench at Salthill"],
    },
    # A friend in Cork to a friend of 28 years, ten years in Wellington, formal.
    "cork_friend": {
        "sender_name": "Aoife Brennan",
        "recipient_name": "Niamh",
        "recipient_full_name": "Niamh Walsh",
        "relationship": "friend",
        "recipient_pronouns": "she/her",
        "tone": "formal",
        "friends_since": "1998-09-01",
        "how_we_met": "in the queue for the wrong lecture in UCC.",
        "distance_place": "Wellington",
        "absence": ["nobody to ring from the car on the way home", "the empty seat at the Christmas swim"],
        "ritual": "voice notes every Sunday morning, my time.",
        "next_plan": "walk the cliff path at Ballycotton and get soaked",
        "what_you_are": [
            "the first person I ring with good news",
            "you are the reason I survived first year",
        ],
        "inside_joke": "the goat in the kitchen",
    },
    # A colleague in Ohio: a condolence and a farewell, American, no pet names, a plain quality.
    "ohio_colleague": {
        "sender_name": "Priya Natarajan",
        "recipient_name": "Dev",
        "recipient_full_name": "Dev Malhotra",
        "relationship": "colleague",
        "recipient_pronouns": "he/him",
        "deceased_name": "Kamala",
        "deceased_pronouns": "she/her",
        "deceased_relation": "mother",
        "memory": "she brought samosas to the summer picnic and made sure the cleaners got the first ones",
        "quality": "how she called everyone beta",
        "help_offer": "i can cover your Thursday clinics for as long as you need.",
        "occasion_kind": "leaving",
        "built": "the night clinic, from one room and a kettle",
        "story": "the flu winter when you slept at the clinic for three nights",
        "next_chapter": "the new job in Denver and a lot more sleep",
        "achievement": "new job",
        "role": "medical director",
        "employer": "Denver Health",
        "effort": "twelve years of night shifts.",
    },
    # --- Round 4: the blind reader's three clients, typed as clients type (each for its own
    # template: "_templates"). Siobhán to Zoë, a colleague of twelve years leaving for Aberdeen;
    # the Nguyễn family to Eddie, their neighbour; Łucja to her father. ---
    "reader_zoe_farewell": {
        **_ZOE,
        "relationship": "colleague",
        "occasion_kind": "leaving",
        "worked_since": "2014-09-01",
        "built": "the saturday homework club that half the kids on the estate go to now.",
        "helped": [
            "every nervous new starter",
            "mr Patel who comes in every morning for the papers",
            "me, mostly",
        ],
        "story": {
            "memory": (
                "the day the council came to shut the homework club and you had thirty kids and "
                "thier parents waiting outside with placards"
            ),
            "meaning": "you dont back down when its about the kids.",
        },
        "lesson": "that nobody is ever too old to get a library card",
        "next_chapter": "shes starting as head of childrens services at Aberdeen central library in january.",
        "message": (
            "the issue desk wont be the same without you. dont you dare get too posh for us up there x"
        ),
        "_templates": ["farewell"],
    },
    "reader_zoe_friendship": {
        **_ZOE,
        "relationship": "friend",
        "friends_since": "2014-09-01",
        "how_we_met": (
            "we both turned up to the staff induction at the central library in the wrong building."
        ),
        "memories": [
            (
                "i will never forget when the fire alarm went off in the middle of toddler rhyme "
                "time and you kept singing the wheels on the bus all the way out to the car park."
            ),
            {
                "memory": (
                    "the night we stayed til 2am reshelving the whole local history section after "
                    "the roof leaked"
                ),
                "meaning": "you never once moaned, you just put the radio on and got stuck in.",
            },
        ],
        "inside_joke": "the laminator incident",
        "what_you_are": [
            "the first person i text when something ridiculous happens at work.",
            "basically the sister i never had",
        ],
        "message": "dont you dare get too posh for us up there x",
        "_templates": ["friendship"],
    },
    "reader_zoe_missing": {
        **_ZOE,
        "relationship": "friend",
        "letter_date": "2027-02-10",
        "distance_place": "Aberdeen",
        "next_visit": "2027-03-26",
        "absence": [
            "your mug with the cat on it is still on the staffroom shelf and nobody is allowed to use it.",
            "no one laughs at my jokes on the issue desk anymore",
        ],
        "ritual": "we do the guardian crossword over whatsapp every sunday morning",
        "memory": {
            "memory": (
                "i will never forget when we got the last train back from manchester, fell asleep "
                "and woke up in wigan."
            ),
            "meaning": "even the worst nights are a laugh with you",
        },
        "next_plan": (
            "im coming up on the train at easter and we are going to walk along the beach and eat "
            "chips in the rain."
        ),
        "message": "miss you loads. the new girl is nice but she's not you x",
        "_templates": ["missing_you"],
    },
    "reader_eddie_thanks": {
        **_EDDIE,
        "what_they_did": (
            "shoveled our driveway every single morning last winter while Minh was recovering from "
            "his back surgery, and never once told us it was him."
        ),
        "situation": (
            "minh couldnt lift anything and i was working double shifts at the restaurant with a "
            "newborn at home"
        ),
        "moment": {
            "memory": "we finally caught you at 5am in your bathrobe and snow boots with a headlamp on",
            "meaning": "you do things for people when nobody is watching.",
        },
        "difference": (
            "minh could actually rest and heal, and i didnt have to choose between getting to work "
            "and digging the car out."
        ),
        "promise": "this summer we are mowing YOUR lawn, no arguments",
        "message": "Lily still calls you the snow man.",
        "_templates": ["thank_you"],
    },
    "reader_eddie_condolence": {
        **_EDDIE,
        "tone": "playful",
        "deceased_name": "Dolores",
        "deceased_pronouns": "she/her",
        "deceased_relation": "your wife",
        "memory": {
            "memory": (
                "i will never forget when she came over with a tamale pie the day we moved in and "
                "told us exactly which neighbors to avoid."
            ),
            "meaning": "she made us feel like we belonged on the street from day one",
        },
        "quality": "her laugh, you could hear it from our kitchen with the windows shut.",
        "help_offer": (
            "we are bringing dinner over every tuesday and thursday for as long as you want it, "
            "and Lily will walk Pepper after school."
        ),
        "message": "she would of wanted us to laugh so we are going to keep telling the tamale pie story.",
        "_templates": ["condolence"],
    },
    "reader_eddie_birthday": {
        **_EDDIE,
        "age": 80,
        "letter_date": "2027-05-14",
        "qualities": [
            "you know every dog on the block by name.",
            "the way you wave at every single school bus",
        ],
        "memory": {
            "memory": "the morning you taught Lily to ride her bike up and down the sidewalk before school",
            "meaning": "you have more patience than the rest of us put together",
        },
        "wish": "a year with lots of sunshine on your porch and a garden that finally beats the squirrels",
        "plans": "we are throwing you a party in our backyard on saturday and the whole block is coming.",
        "inside_joke": "the snow man",
        "message": "we know this year has been hard without Dolores. we are so glad you are our neighbor.",
        "_templates": ["birthday"],
    },
    "reader_tata_apology": {
        **_TATA,
        "what_happened": (
            "i called you stubborn and old fashioned in front of everyone at christmas dinner when "
            "you wouldnt let Kacper help with the carving."
        ),
        "impact": "you went quiet for the rest of the day and went to bed before the pudding",
        "what_will_change": (
            "i will ring you every sunday like i used to and i wont speak to you like that again, "
            "especially not in front of the kids."
        ),
        "message": (
            "i was wrong and i am sorry tata. you are not old fashioned, you just care how things are done."
        ),
        "_templates": ["apology"],
    },
    "reader_tata_birthday": {
        **_TATA,
        "age": 70,
        "letter_date": "2027-03-20",
        "qualities": [
            "you still fix everyones bikes on the street for free.",
            "your terrible jokes in two languages",
        ],
        "memory": {
            "memory": (
                "the summer we drove all the way to Zakopane in the old Polonez and it broke down twice"
            ),
            "meaning": "you can make anything into an adventure",
        },
        "wish": "more time on the allotment and less time worrying about us",
        "plans": "we are driving up to see you at easter and mum says we are having pierogi.",
        "inside_joke": "the goat in Zakopane",
        "message": "sto lat tato! love you loads",
        "_templates": ["birthday"],
    },
    "reader_tata_to_parent": {
        **_TATA,
        "daily_things": [
            "drove me to swimming at 6am every tuesday and thursday for seven years",
            "packed my lunch with a kanapka and an apple cut into slices so it wouldnt go brown",
            "left the porch light on untill i was home",
        ],
        "memory": {
            "memory": (
                "i will never forget when you taught me to ride my bike in the tesco car park on a "
                "sunday morning."
            ),
            "meaning": "you let go before i knew and i realised id been doing it on my own all along",
        },
        "lesson": "to finish what you start and to never be embarrased of where we come from",
        "passing_on_to": "Kacper and Ola",
        "message": "dziękuję tato, for everything.",
        "_templates": ["to_parent"],
    },
}


def covers(info, name: str) -> bool:
    """The brief gives every field the template requires (the round-3 briefs are each for a few,
    a round-4 brief names its one template)."""
    only = BRIEFS[name].get("_templates")
    if only and info.id not in only:
        return False
    return all(BRIEFS[name].get(f.name) for f in info.fields if f.required and not f.common) and bool(
        [f for f in info.fields if not f.common and f.name in BRIEFS[name]]
    )


def brief_for(info, name: str, **extra) -> dict:
    """The fields of the named brief that this template declares (relationship kept where allowed)."""
    raw = BRIEFS[name]
    brief = {}
    for f in info.fields:
        if f.name in raw and raw[f.name] not in (None, "", []):
            v = raw[f.name]
            if f.type == "choice" and v not in f.choices:
                continue
            brief[f.name] = v
    brief.update(extra)
    return brief


# The checks of what a client who paid notices live in letter_checks.py (round 3 and 4).
from letter_checks import (  # noqa: E402,F401 (the review set's names, as before)
    CLAIMS,
    JOKES,
    MEMORY_FIELDS,
    MISFITS,
    RICH_WORDS,
    claims,
    details,
    frame_sentences,
    in_band,
    is_rich,
    memory_given,
    misfits,
    plural_problems,
    register_problems,
    repeated_sentences,
    typed_capitals,
    typed_texts,
    uses_a_memory,
)

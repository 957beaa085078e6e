"""Demo comments: 18 in threads over about ten months, written for this project.

As on the original page, one regular (the site's helper) answers most readers, and the
answers are replies to particular comments. Two early comments carry only a name, the way
comments imported from an older blog do. The demo's medical reviewer (demo/medical.py)
answers the question about walking, and her reply is pinned as that thread's answer.

They are written in Markdown (Comment.BodyFormat.MARKDOWN), as readers' comments are now
(comments/markup.py); demo comments loaded by an older version, in the earlier HTML
format, are brought to Markdown when the demo is loaded again.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from caching import invalidation
from comments.markup import render_markdown
from comments.models import Comment
from comments.pins import answer_pin
from demo import content

HELPER = {"username": "sam", "display_name": "Sam Okafor", "email": "sam@example.org"}

READERS = {
    "priya": "Priya N",
    "tomasz": "Tomasz",
    "greta": "Greta W",
    "luis": "Luis Andrade",
    "hannah": "Hannah",
    "wen": "Wen Li",
    "dev": "Dev",
}

# (key, parent key or None, who: username or "name:<Name>", when (UTC), text)
COMMENTS = [
    ("c1", None, "name:Margaret", dt.datetime(2026, 1, 14, 19, 2),
     "I have had sciatica on and off for three years and nobody ever explained why the leg "
     "hurts more than the back. That paragraph alone was worth reading. Thank you."),
    ("c2", "c1", "sam", dt.datetime(2026, 1, 15, 8, 40),
     "Glad it helped, Margaret. Once you know the leg pain is the nerve complaining rather "
     "than damage in the leg, it is a lot less frightening."),
    ("c3", None, "priya", dt.datetime(2026, 2, 3, 21, 15),
     "The figure-four stretch makes my knee ache before I feel anything in my bottom. Am I "
     "doing it wrong?"),
    ("c4", "c3", "sam", dt.datetime(2026, 2, 4, 9, 5),
     "Not wrong, just a knee that dislikes the twist. Try resting the crossed ankle a little "
     "further up the thigh, or keep the lower foot on the floor and simply press the top "
     "knee gently away from you. You should feel it deep in the buttock, not in the knee."),
    ("c5", "c4", "priya", dt.datetime(2026, 2, 6, 18, 30),
     "Foot on the floor did it. Feeling it in the right place now."),
    ("c6", None, "tomasz", dt.datetime(2026, 3, 11, 7, 55),
     "How soon should I expect a difference? I'm a week in, doing them twice a day."),
    ("c7", "c6", "sam", dt.datetime(2026, 3, 11, 12, 20),
     "A week is early. Most people notice the pain retreating up the leg somewhere between "
     "one and three weeks. Keep the evening notes the article suggests: they show progress "
     "that a single bad morning hides."),
    ("c8", "c7", "tomasz", dt.datetime(2026, 3, 25, 20, 10),
     "Two weeks on, and the tingling stops above the knee now instead of at the ankle. "
     "The notes really do help."),
    ("c9", None, "name:Geoff", dt.datetime(2026, 4, 2, 16, 45),
     "Cat and cow is the only one I can do at work, on the floor of the meeting room at "
     "lunch. Colleagues have stopped staring."),
    ("c10", None, "greta", dt.datetime(2026, 4, 28, 10, 0),
     "Is walking really OK? My instinct is to rest completely when it flares."),
    ("c11", "c10", "sam", dt.datetime(2026, 4, 28, 14, 35),
     "Short walks are one of the best things you can do. Think five or ten minutes at a time, "
     "several times a day, at a pace where you could still chat. Bed rest for more than a day "
     "or two tends to make things stiffer."),
    ("c12", None, "luis", dt.datetime(2026, 6, 9, 22, 5),
     "A note for anyone with a desk job: the rolled towel behind the back made more "
     "difference for me than a new chair did."),
    ("c13", "c12", "hannah", dt.datetime(2026, 6, 12, 8, 15),
     "Same here. I also set a timer to stand up every half hour."),
    ("c14", None, "wen", dt.datetime(2026, 7, 30, 19, 40),
     "The pelvic tilt seems too small to do anything. Should I be pushing harder?"),
    ("c15", "c14", "sam", dt.datetime(2026, 7, 31, 9, 10),
     "No, small is the point. It trains the deep muscles to switch on without the big ones "
     "taking over. Press just firmly enough to close the gap under your back, and breathe."),
    ("c16", None, "dev", dt.datetime(2026, 9, 18, 17, 25),
     "Printed the picture guide and stuck it on the wardrobe door. Much easier than "
     "scrolling on my phone while lying on the floor."),
    ("c17", "c16", "sam", dt.datetime(2026, 10, 22, 11, 0),
     "That is exactly what it is for. Good luck with the rest of your recovery, Dev."),
    ("c18", "c10", "reviewer", dt.datetime(2026, 4, 29, 9, 30),
     "For most people with sciatica, yes. Gentle, regular walking usually helps more than "
     "resting completely: short walks on level ground, a few times a day, at a comfortable "
     "pace. Some discomfort while you walk is acceptable if it settles within an hour or so "
     "and the pain is not spreading further down the leg. If it builds up or travels lower, "
     "walk for less time, and build up again slowly.\n\n"
     "Please get urgent medical help at once if you notice numbness around your bottom or "
     "genitals, difficulty passing urine or controlling your bowels, or weakness in the leg "
     "that is getting worse. And see your GP or physiotherapist if things are not improving "
     "after a few weeks, or if the pain keeps you awake at night."),
]  # fmt: skip

# The thread whose answer the reviewer's reply is pinned as: (question, answer).
PINNED = ("c10", "c18")


def load_demo_comments(article):
    """Create the demo commenters and comments on `article`; running it again adds nothing."""
    users = get_user_model().objects
    people = {}
    helper, _ = users.get_or_create(
        username=HELPER["username"],
        defaults={"display_name": HELPER["display_name"], "email": HELPER["email"]},
    )
    people[helper.username] = helper
    # The demo's reviewer, made by demo/medical.py (loaded first); without her, no answer.
    reviewer = users.filter(username=content.REVIEWER["username"]).first()
    if reviewer is not None:
        people["reviewer"] = reviewer
    for username, display_name in READERS.items():
        person, created = users.get_or_create(
            username=username,
            defaults={"display_name": display_name, "email": f"{username}@example.org"},
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people[username] = person

    made = {}
    converted = 0
    for key, parent_key, who, when, text in COMMENTS:
        if who == "reviewer" and who not in people:
            continue
        imported_id = f"demo:{key}"
        comment = Comment.objects.filter(article=article, imported_id=imported_id).first()
        if comment is None:
            author = None if who.startswith("name:") else people[who]
            comment = Comment.objects.create(
                article=article,
                parent=made.get(parent_key),
                author=author,
                author_name=who[len("name:") :] if author is None else "",
                body=text,
                body_html=render_markdown(text),
                body_format=Comment.BodyFormat.MARKDOWN,
                status=Comment.Status.APPROVED,
                created_at=when.replace(tzinfo=dt.UTC),
                imported_id=imported_id,
            )
        elif comment.body_format != Comment.BodyFormat.MARKDOWN and comment.body == text:
            comment.body_format = Comment.BodyFormat.MARKDOWN
            comment.body_html = render_markdown(text)
            comment.save(update_fields=["body_format", "body_html"])
            converted += 1
        made[key] = comment
    if converted:
        invalidation.thread_changed(slug=article.slug)
    question, answer = (made.get(key) for key in PINNED)
    if question and answer and question.answer_id is None:
        answer_pin(reply=answer, by=answer.author, thread=question)
    return made

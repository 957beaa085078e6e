"""Demo "Did this help?" answers for the main article and each step of its picture guide,
given through feedback.services by the demo reader accounts (voter01, ...), which cannot
log in. Most readers found the exercises helped; the figure-four stretch (step 3) made
things worse for two of nine, which puts it over the back office's review threshold.
Running it again changes nothing."""

from django.db import transaction

from demo.ratings import _voters as demo_readers
from feedback.services import answer_give

# (helped, no change, made it worse): the article's own question, then steps 1 to 6.
ARTICLE_ANSWERS = (14, 4, 1)
STEP_ANSWERS = [(9, 3, 0), (8, 2, 1), (5, 2, 2), (7, 3, 0), (6, 2, 0), (5, 2, 1)]


def _choices(helped, no_change, worse):
    return ["helped"] * helped + ["no_change"] * no_change + ["worse"] * worse


@transaction.atomic
def load_demo_feedback(article):
    """Give `article` and its first steps the demo answers, from voter01, voter02, ..."""
    readers = demo_readers(max(sum(counts) for counts in [ARTICLE_ANSWERS, *STEP_ANSWERS]))
    items = [(None, ARTICLE_ANSWERS), *zip(article.steps.all(), STEP_ANSWERS, strict=False)]
    for step, counts in items:
        for reader, choice in zip(readers, _choices(*counts), strict=False):
            answer_give(user=reader, article=article, step=step, choice=choice)

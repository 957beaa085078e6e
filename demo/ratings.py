"""Demo votes for the main article, as on the original page: 27 star votes averaging 7.3
(197 stars) and thumbs +4 from 8 votes (6 up, 2 down). Cast through ratings.services, by
demo reader accounts that cannot log in. Running it again changes nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction

from ratings.models import ThumbVote
from ratings.services import thumb_cast, vote_cast

# The stars of voter01, voter02, ...: 27 votes, 197 stars, most of them 8 to 10.
SCORES = [8, 10, 7, 9, 10, 6, 8, 3, 10, 9, 8, 5, 10, 7, 8, 1, 9, 10, 6, 8, 4, 10, 9, 7, 8, 5, 2]
# Thumbs by voter number: six readers who liked it, two who gave low stars.
UP, DOWN = ThumbVote.Direction.UP, ThumbVote.Direction.DOWN
THUMBS = {1: UP, 2: UP, 4: UP, 5: UP, 9: UP, 13: UP, 8: DOWN, 16: DOWN}


def _voters(count):
    User = get_user_model()
    voters = []
    for number in range(1, count + 1):
        voter, created = User.objects.get_or_create(
            username=f"voter{number:02d}",
            defaults={
                "email": f"voter{number:02d}@example.org",
                "display_name": f"Demo reader {number}",
            },
        )
        if created:
            voter.set_unusable_password()
            voter.save(update_fields=["password"])
        voters.append(voter)
    return voters


@transaction.atomic
def load_demo_ratings(article):
    """Give `article` the original page's votes, from voter01, voter02, ..."""
    voters = _voters(len(SCORES))
    for voter, score in zip(voters, SCORES, strict=True):
        vote_cast(user=voter, article=article, score=score)
    for number, value in sorted(THUMBS.items()):
        thumb_cast(user=voters[number - 1], article=article, value=value)

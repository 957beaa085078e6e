"""The demo content: written for this project, shaped like the page the site replaces.

One long exercise article with four numbered exercises and a picture guide, its author,
and two shorter articles so the lists and the author box have something to count.
"""

import datetime as dt

MAIN_AUTHOR = {
    "username": "maren",
    "email": "maren@example.org",
    "first_name": "Maren",
    "last_name": "Holt",
    "display_name": "Maren Holt",
    "bio": (
        "Maren is a physiotherapist who spent twelve years in an outpatient back clinic "
        "before she started writing the home programmes her patients kept asking for. "
        "She walks to work, cycles at weekends and is suspicious of any exercise that "
        "needs a gadget."
    ),
}

CATEGORIES = [
    {"slug": "exercise-guides", "name": "Exercise guides",
     "description": "Step-by-step programmes you can follow at home, with pictures."},
    {"slug": "living-with-pain", "name": "Living with pain",
     "description": "Everyday habits that make a sore back easier to live with."},
]  # fmt: skip

TAGS = ["sciatica", "lower back", "stretching", "posture", "sleep", "walking"]

MAIN_ARTICLE_BODY = """
<p>Sciatica has a way of taking over a day. The ache that starts low in the back and runs
through the buttock into the leg can make sitting through a meeting, driving to the shops or
getting comfortable in bed feel like a project. The good news is that for most people it
settles within a few weeks, and gentle, regular movement is one of the things that helps it
settle faster [1, 2].</p>

<p>This guide walks you through four exercises that physiotherapists commonly hand out in the
first weeks of a flare-up. None of them needs equipment beyond a mat or a carpeted floor, and
together they take about fifteen minutes. They will not suit everyone, so read the short
safety section first and listen to your body as you go.</p>

<p class="note">There is a step-by-step picture guide at the bottom of this page showing the
start and end position of every exercise. You may find it easier to glance at the pictures
first and then come back to the written instructions.</p>

<h2>What sciatica is, and what it is not</h2>

<p>"Sciatica" describes a symptom rather than a diagnosis. It means pain that follows the path
of the sciatic nerve, the thickest nerve in the body, which forms from several nerve roots in
the lower spine and travels down the back of each leg. When one of those roots is irritated,
most often by a disc that bulges a little, sometimes by narrowing around the nerve or by a
tight muscle deep in the buttock, the brain reads the signal as pain in the leg itself [3, 4].</p>

<p>That is why the leg can hurt more than the back, and why the pain can shift from burning to
tingling to a dull ache over the course of a day. It is also why simply resting in bed for a
week rarely helps: nerves like blood flow and gentle movement, and muscles that stop working
stiffen and guard, which adds a second layer of pain on top of the first [3].</p>

<p>Sciatica is not the same as ordinary back stiffness after a day of gardening, and it is not
usually a sign of lasting damage. Most disc bulges shrink with time [4]. The aim of the exercises
below is to keep you moving while that happens, to take pressure off the irritated nerve root,
and to stop the muscles around your pelvis from locking up.</p>

<h2>Before you start</h2>

<p>A few habits make the difference between exercises that help and exercises that stir
things up:</p>

<ul>
  <li><strong>Get a diagnosis first.</strong> If this is your first episode of leg pain, or it
  feels different from previous ones, have a doctor or physiotherapist examine you before you
  start any programme.</li>
  <li><strong>Warm up with a walk.</strong> Five minutes of easy walking around the house
  raises your body temperature and makes the stretches more comfortable.</li>
  <li><strong>Move slowly and hold still.</strong> Ease into each position and hold it
  without bouncing. Bouncing makes muscles tighten rather than relax.</li>
  <li><strong>Keep breathing.</strong> Breathe out as you move into a stretch and keep
  breathing steadily while you hold it. Holding your breath raises the tension you are trying
  to release.</li>
  <li><strong>Watch where the pain goes.</strong> Pain that retreats towards the back is a good
  sign, even if the back aches a little more. Pain that spreads further down the leg means stop
  that exercise and mention it to your clinician.</li>
  <li><strong>Little and often beats long and rare.</strong> Two or three short sessions a day
  do more than one long session at the weekend.</li>
</ul>

<h2>The four exercises</h2>

<p>Do the exercises in this order. The first two stretch, the third wakes up the deep muscles
that support the spine, and the fourth moves the whole back through a comfortable range.</p>

<section class="exercise">
<h3>Exercise 1: Single knee-to-chest stretch</h3>
<p>Lie on your back on a mat with both knees bent and feet flat on the floor, hip-width
apart. Put a small cushion under your head if your chin pokes up. Bring one knee towards
your chest and hold it with both hands, either behind the thigh or on top of the shin,
whichever is kinder to your knee. Let the other foot stay on the floor. Gently draw the knee
closer until you feel a stretch in the lower back and buttock, then hold still. Lower the
leg slowly and repeat on the other side.</p>
<p class="dose">Hold for 20 to 30 seconds. Repeat 3 times on each side.</p>
</section>

<section class="exercise">
<h3>Exercise 2: Reclined figure-four stretch</h3>
<p>Still lying on your back with knees bent, cross your right ankle over your left knee so
that your legs make the shape of a number four. Reach through the gap and hold the back of
your left thigh, then draw the left thigh gently towards you until you feel a stretch deep in
the right buttock. This stretches the piriformis, a small muscle that lies right over the
sciatic nerve and often tightens when the nerve is irritated. Keep your head and shoulders
relaxed on the mat. Change sides.</p>
<p class="dose">Hold for 30 seconds. Repeat 3 times on each side.</p>
</section>

<section class="exercise">
<h3>Exercise 3: Pelvic tilt</h3>
<p>Lie on your back with knees bent and arms resting by your sides. Notice the small gap
between your lower back and the floor. Tighten your stomach muscles as if you were bracing
for a gentle poke in the belly and let your pelvis rock back so that your lower back presses
flat into the mat. Your bottom stays on the floor; the movement is small. Hold, then relax
and let the gap return.</p>
<p class="dose">Hold for 5 seconds. Repeat 10 times.</p>
</section>

<section class="exercise">
<h3>Exercise 4: Cat and cow</h3>
<p>Come onto your hands and knees, hands under your shoulders and knees under your hips. As
you breathe out, round your back up towards the ceiling and let your head drop, like a cat
stretching. As you breathe in, let your belly sink gently towards the floor and lift your
gaze, without forcing the arch. Move slowly between the two positions and stay within a
range that feels comfortable. If kneeling hurts, fold the mat double under your knees.</p>
<p class="dose">Hold each position for 3 seconds. Repeat 10 times.</p>
</section>

<h2>How often, and how to tell it is working</h2>

<p>Aim for the full set two or three times a day during a flare-up, then once a day as things
improve. Keep a note of two numbers each evening: how far down the leg the pain reached and
how long you could sit or walk before it started. Those two figures tell you more than the
pain score on any single morning, because sciatica has good and bad days regardless of what
you do.</p>

<p>Most people notice the pain retreating upwards, towards the buttock and lower back, before
it fades. That pattern, which clinicians call centralisation, is an encouraging sign. If after
two weeks of regular practice nothing has changed, or things are slowly getting worse, book a
review rather than pushing on with more repetitions.</p>

<p>Alongside the exercises, keep walking. Short walks spread through the day, even five
minutes at a time, are one of the best-supported treatments for back and leg pain [2]. Change
position often when you sit, and if sitting is the worst position for you, try a rolled towel
in the small of your back or a higher chair.</p>

<h2>When to get help straight away</h2>

<p>Rarely, pressure on the nerves at the bottom of the spine becomes an emergency. Go to an
emergency department or call for urgent medical help if you notice any of these [5]:</p>

<ul>
  <li><strong>Numbness around the bottom or genitals</strong>, the area that would touch a
  saddle.</li>
  <li><strong>New trouble passing urine or controlling your bladder or bowels.</strong></li>
  <li><strong>Weakness that is getting worse</strong>, such as a foot that slaps or catches on
  the ground.</li>
  <li><strong>Pain in both legs at once</strong>, or back pain with fever or unexplained weight
  loss.</li>
</ul>

<p>These are uncommon, but they are the reason it is worth knowing what normal sciatica looks
like.</p>

<h2>A last word</h2>

<p>Sciatica is miserable while it lasts, and it is easy to feel that your back has become
fragile. It has not. Backs are strong, and most people who keep moving gently get back to
the things they enjoy within a few weeks. Start with the exercises that feel best, build up
slowly, and be as patient with your body as you would be with a friend who was hurting.</p>
"""

MAIN_ARTICLE = {
    "slug": "easing-sciatica-four-gentle-exercises",
    "title": "Easing Sciatica: Four Gentle Exercises You Can Do at Home",
    "excerpt": (
        "Four equipment-free exercises for the first weeks of a sciatica flare-up, with "
        "how long to hold each one, how many times to repeat it, and a picture guide."
    ),
    "body": MAIN_ARTICLE_BODY,
    "guide_title": "Step-by-step picture guide",
    "published_at": dt.datetime(2026, 1, 12, 8, 30, tzinfo=dt.UTC),
    "categories": ["exercise-guides"],
    "tags": ["sciatica", "lower back", "stretching"],
}

# (pose name for the drawing, alt text, caption)
MAIN_ARTICLE_STEPS = [
    (
        "lying_knees_bent",
        "A person lying on their back on a mat, both knees bent, feet flat on the floor.",
        "Knee-to-chest, start: lie on your back, knees bent, feet flat and hip-width apart.",
    ),
    (
        "knee_to_chest",
        "The same person holding one knee against their chest with both hands; the other "
        "foot stays on the mat.",
        "Knee-to-chest: draw one knee towards your chest and hold 20-30 seconds. "
        "3 times each side.",
    ),
    (
        "figure_four",
        "Lying on the back with one ankle crossed over the opposite knee, hands pulling the "
        "lower thigh towards the chest.",
        "Figure-four: ankle over knee, draw the lower thigh in. Hold 30 seconds, "
        "3 times each side.",
    ),
    (
        "pelvic_tilt",
        "Lying on the back with knees bent; an arrow shows the lower back pressing flat "
        "into the mat.",
        "Pelvic tilt: press your lower back into the mat, hold 5 seconds, relax. 10 times.",
    ),
    (
        "cat",
        "On hands and knees with the back rounded up towards the ceiling and the head dropped.",
        "Cat: breathe out and round your back up. Hold 3 seconds.",
    ),
    (
        "cow",
        "On hands and knees with the belly lowered gently and the gaze lifted.",
        "Cow: breathe in, let your belly sink and lift your gaze. Hold 3 seconds; "
        "alternate 10 times.",
    ),
]

OTHER_ARTICLES = [
    {
        "slug": "sitting-with-a-sore-back",
        "title": "Sitting With a Sore Back: Small Changes That Add Up",
        "excerpt": (
            "Chairs, screens and the thirty-minute rule: a short guide to sitting that your "
            "back will thank you for."
        ),
        "body": """
<p>Most of us sit for far longer than we realise, and a sore back notices every minute of
it. You do not need a special chair to sit more comfortably; a few small changes usually do
more than an expensive purchase.</p>
<h2>Three changes worth trying this week</h2>
<ul>
  <li><strong>Stand up every thirty minutes.</strong> Set a quiet timer. Stand, walk to the
  window and back, then sit down again.</li>
  <li><strong>Bring the screen to you.</strong> The top of the screen at eye level stops you
  craning forward, which loads the lower back as much as the neck.</li>
  <li><strong>Support the curve.</strong> A small rolled towel behind the lower back keeps its
  natural curve without effort.</li>
</ul>
<p>None of these will fix a back on its own, but together they take away many small strains
that add up by the end of the day.</p>
""",
        "published_at": dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
        "categories": ["living-with-pain"],
        "tags": ["posture", "lower back"],
    },
    {
        "slug": "sleeping-positions-for-leg-pain",
        "title": "Sleeping Positions That Ease Leg Pain",
        "excerpt": (
            "A pillow in the right place can turn a restless night into a decent one. Here "
            "are the positions that tend to help."
        ),
        "body": """
<p>Night is often the hardest time for people with nerve pain: there is nothing to distract
you, and lying still lets stiffness build. The right position will not cure anything, but it
can buy you the sleep that healing needs.</p>
<h2>On your side</h2>
<p>Lie on the side that hurts less, knees slightly bent, with a firm pillow between them.
The pillow keeps the top leg from pulling the pelvis round.</p>
<h2>On your back</h2>
<p>Put one or two pillows under your knees so that your lower back can relax into the
mattress. A rolled towel under the waist helps some people too.</p>
<h2>Getting up</h2>
<p>Roll onto your side first, drop your feet over the edge and push up with your arms. It
takes a few seconds longer and spares your back the sit-up.</p>
""",
        "published_at": dt.datetime(2026, 6, 18, 7, 45, tzinfo=dt.UTC),
        "categories": ["living-with-pain"],
        "tags": ["sleep", "sciatica"],
    },
]

# Medical review (the medical app): a made-up physiotherapist who reviewed the main article,
# and the article's sources. The sources are real public pages and papers; every sentence
# here is ours.
REVIEWER = {
    "username": "icalder",
    "email": "icalder@example.org",
    "display_name": "Ines Calder",
}
REVIEWER_PROFILE = {
    "name": "Ines Calder",
    "slug": "ines-calder",
    "profession": "Physiotherapist",
    "qualifications": "BSc (Hons) Physiotherapy, MSc Musculoskeletal Practice",
    "registration_body": "Demo Register of Clinicians (fictional)",
    "registration_number": "DEMO-0042",
    "bio": (
        "Ines is a made-up reviewer for this demo site: she is not a real person, and her "
        "registration is not real either. In the demo's story she has spent fifteen years "
        "in outpatient musculoskeletal clinics, where most of the people she sees come in "
        "with back or leg pain.\n\n"
        "Before an article goes out she checks its exercises, their doses and its warning "
        "signs against current guidance and the sources it cites, and she reads it again "
        "whenever it changes."
    ),
}
REVIEW_REQUEST_MESSAGE = (
    "Please check the doses of the four exercises and the list of signs that need urgent help."
)
REVIEW_NOTE = (
    "Checked the exercises and their doses, the advice on bed rest and the emergency warning "
    "signs against the NICE guideline and the NHS pages cited. Nothing here asks readers to "
    "change a treatment they were given."
)

MAIN_ARTICLE_SOURCES = [
    {
        "number": 1,
        "authors": "NHS",
        "title": "Sciatica",
        "publisher": "NHS website",
        "url": "https://www.nhs.uk/conditions/sciatica/",
        "accessed_on": dt.date(2026, 11, 20),
    },
    {
        "number": 2,
        "authors": "National Institute for Health and Care Excellence",
        "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "publisher": "NICE",
        "year": 2016,
        "url": "https://www.nice.org.uk/guidance/ng59",
        "accessed_on": dt.date(2026, 11, 20),
    },
    {
        "number": 3,
        "authors": "Koes BW, van Tulder MW, Peul WC",
        "title": "Diagnosis and treatment of sciatica",
        "publisher": "BMJ",
        "year": 2007,
        "doi": "10.1136/bmj.39223.428495.BE",
    },
    {
        "number": 4,
        "authors": "Ropper AH, Zafonte RD",
        "title": "Sciatica",
        "publisher": "New England Journal of Medicine",
        "year": 2015,
        "doi": "10.1056/NEJMra1410151",
    },
    {
        "number": 5,
        "authors": "NHS",
        "title": "Cauda equina syndrome",
        "publisher": "NHS website",
        "url": "https://www.nhs.uk/conditions/cauda-equina-syndrome/",
        "accessed_on": dt.date(2026, 11, 20),
    },
]

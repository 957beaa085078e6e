"""Pictures for the demo content, drawn here with Pillow: simple figures on a mat.

Every picture is made from code, so the demo needs no downloaded image and the same
bytes come out on every run.
"""

import io

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 640
SKY = (243, 247, 245)
FLOOR = (222, 230, 226)
MAT = (11, 107, 92)
MAT_EDGE = (8, 79, 68)
BODY = (29, 39, 51)
FAR_LIMB = (112, 124, 136)
SKIN = (214, 160, 120)
ACCENT = (194, 65, 12)

LIMB = 30
FLOOR_Y = 505


def _curve(start, control, end, steps=24):
    """Points along a quadratic Bézier curve (for a rounded or sagging back)."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0]
        y = (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1]
        points.append((x, y))
    return points


def _limb(draw, points, colour=BODY, width=LIMB):
    draw.line(points, fill=colour, width=width, joint="curve")
    radius = width // 2
    for x, y in points:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _head(draw, centre, radius=36):
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=SKIN, outline=BODY, width=6)


def _scene():
    image = Image.new("RGB", (WIDTH, HEIGHT), SKY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, FLOOR_Y + 20, WIDTH, HEIGHT), fill=FLOOR)
    draw.rounded_rectangle((70, FLOOR_Y + 8, WIDTH - 70, FLOOR_Y + 30), radius=10, fill=MAT)
    draw.line((80, FLOOR_Y + 30, WIDTH - 80, FLOOR_Y + 30), fill=MAT_EDGE, width=4)
    return image, draw


def _arrow(draw, start, end):
    draw.line((start, end), fill=ACCENT, width=10)
    ex, ey = end
    sx, sy = start
    if abs(ey - sy) > abs(ex - sx):
        direction = 1 if ey > sy else -1
        draw.polygon(
            [
                (ex - 22, ey - 6 * direction),
                (ex + 22, ey - 6 * direction),
                (ex, ey + 26 * direction),
            ],
            fill=ACCENT,
        )
    else:
        direction = 1 if ex > sx else -1
        draw.polygon(
            [
                (ex - 6 * direction, ey - 22),
                (ex - 6 * direction, ey + 22),
                (ex + 26 * direction, ey),
            ],
            fill=ACCENT,
        )


# Lying on the back: shared joints.
SHOULDER = (250, 468)
HIP = (480, 474)


def _lying_torso(draw):
    _limb(draw, [SHOULDER, HIP])
    _head(draw, (180, 452))


def pose_lying_knees_bent(draw):
    _limb(draw, [HIP, (600, 350), (700, 478)], FAR_LIMB)
    _limb(draw, [SHOULDER, (345, 480), (440, 484)], FAR_LIMB)
    _lying_torso(draw)
    _limb(draw, [HIP, (590, 356), (690, 478)])
    _limb(draw, [SHOULDER, (350, 478), (445, 482)])


def pose_knee_to_chest(draw):
    _limb(draw, [HIP, (600, 350), (700, 478)], FAR_LIMB)
    _limb(draw, [SHOULDER, (330, 395), (405, 352)], FAR_LIMB)
    _lying_torso(draw)
    _limb(draw, [HIP, (400, 340), (500, 300)])
    _limb(draw, [SHOULDER, (320, 400), (410, 345)])


def pose_figure_four(draw):
    _limb(draw, [HIP, (470, 330), (590, 300)], FAR_LIMB)
    _lying_torso(draw)
    _limb(draw, [SHOULDER, (340, 410), (440, 360)], FAR_LIMB)
    _limb(draw, [HIP, (600, 420), (480, 322)])
    _limb(draw, [SHOULDER, (335, 405), (445, 368)])


def pose_pelvic_tilt(draw):
    pose_lying_knees_bent(draw)
    _arrow(draw, (410, 360), (410, 430))


def _all_fours(draw, back_control, head_centre):
    shoulder, hip = (320, 350), (600, 350)
    _limb(draw, [hip, (610, 480), (770, 486)], FAR_LIMB)
    _limb(draw, [shoulder, (330, 420), (335, 490)], FAR_LIMB)
    _limb(draw, _curve(shoulder, back_control, hip))
    _head(draw, head_centre)
    _limb(draw, [hip, (590, 486), (760, 490)])
    _limb(draw, [shoulder, (310, 420), (312, 490)])


def pose_cat(draw):
    _all_fours(draw, (460, 200), (260, 420))
    _arrow(draw, (460, 250), (460, 150))


def pose_cow(draw):
    _all_fours(draw, (460, 430), (250, 300))
    _arrow(draw, (460, 330), (460, 410))


def pose_walking(draw):
    """A person out for a walk: the featured picture of the main article."""
    draw.ellipse((690, 60, 850, 220), fill=(250, 214, 120))
    draw.polygon([(0, 430), (260, 330), (520, 420), (760, 320), (960, 410), (960, 520), (0, 520)],
                 fill=(178, 214, 196))  # fmt: skip
    hip, shoulder = (470, 360), (480, 210)
    _limb(draw, [hip, (520, 430), (500, 505)], FAR_LIMB)
    _limb(draw, [shoulder, (440, 280), (420, 345)], FAR_LIMB)
    _limb(draw, [shoulder, hip])
    _head(draw, (490, 160))
    _limb(draw, [hip, (430, 430), (390, 500)])
    _limb(draw, [shoulder, (525, 280), (560, 320)])


def pose_sitting(draw):
    """Sitting upright on a chair with the screen at eye level."""
    draw.rectangle((340, 380, 560, 400), fill=(120, 85, 60))
    draw.rectangle((540, 230, 560, 505), fill=(120, 85, 60))
    draw.rectangle((350, 400, 366, 505), fill=(120, 85, 60))
    draw.rectangle((640, 330, 900, 345), fill=(150, 110, 80))
    draw.rectangle((720, 150, 880, 260), fill=(60, 70, 80))
    draw.rectangle((790, 260, 810, 330), fill=(60, 70, 80))
    hip, shoulder = (500, 360), (505, 200)
    _limb(draw, [hip, (350, 360), (360, 500)])
    _limb(draw, [shoulder, hip])
    _head(draw, (515, 150))
    _limb(draw, [shoulder, (580, 280), (660, 320)])


def pose_side_sleeping(draw):
    """Lying on one side, knees bent, a pillow between them."""
    draw.rounded_rectangle((60, 400, 900, 520), radius=30, fill=(200, 212, 230))
    draw.rounded_rectangle(
        (90, 360, 260, 410), radius=25, fill=(255, 255, 255), outline=(150, 160, 180), width=4
    )
    shoulder, hip = (300, 380), (520, 385)
    _limb(draw, [hip, (660, 425), (800, 395)], FAR_LIMB)
    draw.ellipse((610, 375, 700, 420), fill=(255, 255, 255), outline=(150, 160, 180), width=4)
    _limb(draw, [shoulder, hip])
    _head(draw, (230, 345))
    _limb(draw, [hip, (650, 360), (790, 370)])
    _limb(draw, [shoulder, (360, 330), (420, 300)])


POSES = {name[len("pose_") :]: fn for name, fn in globals().items() if name.startswith("pose_")}


def draw_png(pose: str) -> bytes:
    """The picture for `pose` as PNG bytes."""
    image, draw = _scene()
    POSES[pose](draw)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

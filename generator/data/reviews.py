"""Review titles and texts by star rating, for each kind of thing people review.

Every text agrees with its stars: five and four stars praise, three is mixed, two and one complain
(a test holds the generated reviews to it with its own word lists).
"""

from __future__ import annotations

REVIEWS: dict[str, dict[int, tuple[tuple[str, str], ...]]] = {
    "product": {
        5: (
            ("Excellent", "Works perfectly and arrived quickly. Would buy again."),
            ("Love it", "Exactly as described and very well made. Highly recommend."),
            ("Worth every penny", "Great quality for the price; I use it every day."),
            ("Exactly what I needed", "Easy to set up and it does the job beautifully."),
        ),
        4: (
            ("Very good", "Does the job well; the only small gap is the short instructions."),
            ("Solid choice", "Good build and good value. I would buy it again."),
            ("Happy with it", "Works well and looks nice; delivery took a day longer than promised."),
        ),
        3: (
            ("It's okay", "Decent for the price, but nothing special."),
            ("Average", "Does what it says, though the finish feels a bit cheap."),
            ("Mixed feelings", "Some parts are good and some are just fine; it is an average buy."),
        ),
        2: (
            ("Disappointing", "Stopped working properly after two weeks."),
            ("Not great", "Smaller than expected and the quality is poor."),
            ("Would not buy again", "It works, barely, and it feels flimsy."),
        ),
        1: (
            ("Very disappointed", "Arrived broken and the replacement had the same fault."),
            ("Do not buy", "Poor quality; it fell apart on the first use."),
            ("Waste of money", "Did not work at all out of the box."),
        ),
    },
    "stay": {
        5: (
            ("Wonderful stay", "Spotless room, friendly staff and a great breakfast. We will be back."),
            ("Perfect weekend", "Quiet, comfortable and close to everything. Highly recommend."),
        ),
        4: (
            ("Very nice", "Comfortable beds and helpful staff; the parking is a little tight."),
            ("Good value", "Clean room and a good location. Would stay again."),
        ),
        3: (
            ("Fine for a night", "The room was clean but dated, and the breakfast was average."),
            ("Okay", "Decent location, though the walls are thin."),
        ),
        2: (
            ("Not great", "The room was noisy and the shower barely worked."),
            ("Disappointing", "Check-in took forever and the room smelled of smoke."),
        ),
        1: (
            ("Terrible", "Dirty sheets and nobody at the desk to help. Never again."),
            ("Avoid", "Broken heating in winter and no refund offered."),
        ),
    },
    "meal": {
        5: (
            ("Delicious", "Hot, fresh and on time. The best takeout in town."),
            ("Fantastic", "Generous portions and everything tasted great."),
        ),
        4: (
            ("Tasty", "Really good food; the fries were a little soggy by the time they came."),
            ("Good meal", "Well cooked and nicely packed. Will order again."),
        ),
        3: (
            ("Okay", "Food was fine but nothing memorable."),
            ("Average", "Decent taste, though it arrived lukewarm."),
        ),
        2: (
            ("Not good", "Cold on arrival and half the sauce was missing."),
            ("Disappointing", "Bland and overpriced for the portion."),
        ),
        1: (
            ("Awful", "Wrong order and it arrived an hour late."),
            ("Never again", "Undercooked and cold. Poor service."),
        ),
    },
    "visit": {
        5: (
            ("Excellent care", "The staff were kind and thorough, and I was seen right on time."),
            ("Highly recommend", "Clear explanations and a very friendly team."),
        ),
        4: (
            ("Very good", "Professional and caring; the wait was a little long."),
            ("Good experience", "Helpful staff and a clean office."),
        ),
        3: (
            ("Okay", "The visit was fine, but I waited forty minutes."),
            ("Average", "Competent care, though the front desk seemed rushed."),
        ),
        2: (
            ("Not great", "Long wait and the doctor seemed hurried."),
            ("Disappointing", "Billing was confusing and nobody called back."),
        ),
        1: (
            ("Terrible", "Rude staff and my appointment was cancelled without notice."),
            ("Avoid", "Poor communication and a wrong prescription."),
        ),
    },
    "class": {
        5: (
            ("Fantastic course", "Clear lessons and a brilliant instructor. I learned a lot."),
            ("Highly recommend", "Well organized and genuinely useful."),
        ),
        4: (
            ("Very good", "Great content; a few sessions ran a little long."),
            ("Worth it", "Helpful instructor and good materials."),
        ),
        3: (
            ("It's okay", "Some useful parts, some filler."),
            ("Average", "Decent course, though the pace was uneven."),
        ),
        2: (
            ("Disappointing", "Poorly organized and the materials were outdated."),
            ("Not great", "The instructor was often late and unprepared."),
        ),
        1: (
            ("Waste of time", "Nothing like the description and no help when I asked."),
            ("Avoid", "Cancelled sessions and no refund."),
        ),
    },
    "event": {
        5: (
            ("Amazing night", "Great sound, great seats and a fantastic crowd."),
            ("Unforgettable", "Everything ran smoothly. Would go again in a heartbeat."),
        ),
        4: (
            ("Great show", "Loved it; the lines for drinks were long."),
            ("Very good", "Good seats and a fun atmosphere."),
        ),
        3: (
            ("Okay", "The show was fine but the venue was cramped."),
            ("Average", "Good performers, poor sound in our section."),
        ),
        2: (
            ("Disappointing", "Started an hour late and the sound was muddy."),
            ("Not worth it", "Overpriced and we could barely see the stage."),
        ),
        1: (
            ("Terrible", "Badly organized and the headliner cancelled. No refund."),
            ("Avoid", "Chaotic entry and rude security staff."),
        ),
    },
    "show": {
        5: (
            ("Brilliant", "Gripping from the first minute; the writing and the acting are superb."),
            ("A must-watch", "Watched it in two evenings and would happily start again."),
        ),
        4: (
            ("Really good", "Strong story and characters; a couple of slow stretches."),
            ("Enjoyed it", "Well made and fun to watch, though the ending felt rushed."),
        ),
        3: (
            ("Watchable", "Some good moments, but it drags in the middle."),
            ("Mixed", "Great look, thin plot."),
        ),
        2: (
            ("Disappointing", "The trailer promised more; I lost interest halfway."),
            ("Not for me", "Predictable and far too long."),
        ),
        1: (
            ("Skip it", "Dull, badly acted and the sound mix is terrible."),
            ("Awful", "I gave up after twenty minutes."),
        ),
    },
    "service": {
        5: (
            ("Excellent work", "On time, tidy and did a great job. Highly recommend."),
            ("Very professional", "Friendly, careful and fairly priced."),
        ),
        4: (
            ("Good job", "Solid work; they arrived a little late."),
            ("Happy", "Good service and clear communication."),
        ),
        3: (
            ("Okay", "The job got done, but it took two visits."),
            ("Average", "Fine work, though the price was higher than quoted."),
        ),
        2: (
            ("Disappointing", "Left a mess and the problem came back a week later."),
            ("Not great", "Missed the first appointment and never called."),
        ),
        1: (
            ("Terrible", "Did not fix the problem and charged us anyway."),
            ("Avoid", "Rude technician and damaged the floor."),
        ),
    },
}

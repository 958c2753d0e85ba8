"""What schools teach: departments and their courses (``size``: credits), with fees."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

COLLEGE = Catalog(
    (
        Category(
            "Mathematics",
            (
                item("College Algebra", 290, 460, size=3),
                item("Calculus I", 320, 520, size=4),
                item("Calculus II", 320, 520, size=4),
                item("Statistics", 300, 480, size=3),
            ),
        ),
        Category(
            "Computer Science",
            (
                item("Intro to Programming", 340, 540, size=3),
                item("Data Structures", 360, 560, size=4),
                item("Databases", 350, 540, size=3),
            ),
        ),
        Category(
            "English",
            (
                item("Composition I", 260, 420, size=3),
                item("Composition II", 260, 420, size=3),
                item("American Literature", 270, 430, size=3),
            ),
        ),
        Category(
            "Biology",
            (
                item("General Biology", 330, 520, size=4),
                item("Human Anatomy", 340, 540, size=4),
                item("Microbiology", 350, 560, size=4),
            ),
        ),
    )
)

LANGUAGES = Catalog(
    (
        Category(
            "Spanish",
            (
                item("Spanish A1", 180, 320, size=2),
                item("Spanish A2", 190, 330, size=2),
                item("Spanish B1", 210, 360, size=2),
            ),
        ),
        Category(
            "French",
            (
                item("French A1", 180, 320, size=2),
                item("French A2", 190, 330, size=2),
                item("French B1", 210, 360, size=2),
            ),
        ),
        Category("Japanese", (item("Japanese A1", 220, 380, size=2), item("Japanese A2", 230, 390, size=2))),
    )
)

CODING = Catalog(
    (
        Category(
            "Web Development",
            (
                item("HTML and CSS Foundations", 390, 690, size=2),
                item("JavaScript Essentials", 490, 890, size=3),
                item("React Applications", 590, 990, size=3),
            ),
        ),
        Category(
            "Data",
            (
                item("Python for Data", 490, 890, size=3),
                item("SQL Fundamentals", 390, 690, size=2),
                item("Machine Learning Basics", 690, 1190, size=4),
            ),
        ),
        Category("Cloud", (item("Linux Command Line", 290, 590, size=2), item("Cloud Deployment", 590, 990, size=3))),
    )
)

MUSIC = Catalog(
    (
        Category(
            "Piano",
            (
                item("Piano Level 1", 240, 420, size=1),
                item("Piano Level 2", 260, 440, size=1),
                item("Piano Level 3", 280, 460, size=1),
            ),
        ),
        Category("Guitar", (item("Guitar Basics", 220, 380, size=1), item("Guitar Intermediate", 240, 400, size=1))),
        Category(
            "Theory",
            (
                item("Music Theory I", 180, 320, size=2),
                item("Music Theory II", 190, 330, size=2),
                item("Ear Training", 160, 280, size=1),
            ),
        ),
    )
)

ART = Catalog(
    (
        Category("Drawing", (item("Drawing Fundamentals", 190, 340, size=2), item("Figure Drawing", 210, 360, size=2))),
        Category(
            "Painting",
            (
                item("Watercolor Basics", 190, 340, size=2),
                item("Oil Painting", 230, 390, size=2),
                item("Acrylic Studio", 210, 360, size=2),
            ),
        ),
        Category("Ceramics", (item("Wheel Throwing I", 240, 420, size=2), item("Wheel Throwing II", 260, 440, size=2))),
    )
)

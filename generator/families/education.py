"""Education: colleges, language and coding schools, music and art schools."""

from __future__ import annotations

from generator.blueprint import Domain, Family
from generator.data.catalogs import education as c

STUDENTS = {"customer": "student"}

EDUCATION = Family(
    key="education",
    label="schools and courses",
    core=("customers", "school"),
    domains=(
        Domain(
            key="community_college",
            family="education",
            about="a community college in {city}",
            titles=("{city} Community College", "{surname} College", "{adj} Valley College"),
            catalog=c.COLLEGE,
            nouns=STUDENTS,
        ),
        Domain(
            key="language_school",
            family="education",
            about="a language school in {city}",
            titles=("{city} Language Institute", "Lingua {city}", "{surname} School of Languages"),
            catalog=c.LANGUAGES,
            nouns=STUDENTS,
        ),
        Domain(
            key="coding_bootcamp",
            family="education",
            about="a coding bootcamp in {city} with evening classes",
            titles=("{city} Code Academy", "{adj} Stack Bootcamp", "{surname} Tech School"),
            catalog=c.CODING,
            nouns=STUDENTS,
        ),
        Domain(
            key="music_school",
            family="education",
            about="a music school in {city}",
            titles=("{city} School of Music", "{surname} Music Academy", "{adj} Note Music School"),
            catalog=c.MUSIC,
            nouns=STUDENTS,
        ),
        Domain(
            key="art_studio_school",
            family="education",
            about="an art school and studio in {city}",
            titles=("{city} Art Studio", "{surname} School of Art", "{adj} Brush Studio"),
            catalog=c.ART,
            nouns={"customer": "student"},
        ),
    ),
)

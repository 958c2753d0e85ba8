"""People: first and last names drawn for customers, patients, staff and every other person.

All ASCII (answers are matched after accent folding), all fixed: the same seed draws the same names.
"""

FIRST_NAMES = tuple(
    """
    Aaron Abigail Adrian Aisha Alan Alice Amara Amir Ana Andre Angela Anika Arjun Ava Beatrice Ben
    Bianca Brandon Bruno Caleb Camila Carlos Carmen Chen Chloe Claire Daniel Daria David Diego
    Dmitri Elena Eli Elif Emma Eric Esther Ethan Farah Felix Fiona Gabriel Grace Hana Hannah Hassan
    Hector Helen Hugo Ian Ines Irene Isaac Ivan Jack Jade James Jasmine Javier Jin Joel Jonas Julia
    Kai Karim Kate Kenji Laila Lars Laura Leo Leila Lena Liam Lina Lucas Lucia Luis Maya Marco Maria
    Mateo Mei Mia Miguel Mila Nadia Naomi Nathan Nia Nikolai Noah Nora Olga Omar Oscar Paula Pedro
    Priya Quinn Rafael Rania Rosa Ruby Ryan Sakura Samir Sara Sean Sofia Sven Tara Teresa Theo Tomas
    Uma Victor Vera Wei Yara Yusuf Zara Zoe
    """.split()
)

LAST_NAMES = tuple(
    """
    Abbott Adams Ahmed Alvarez Andersen Bailey Baker Banerjee Barnes Becker Bennett Bianchi Brooks
    Castro Chang Chavez Clarke Cohen Collins Costa Cruz Das Dubois Edwards Eriksen Evans Ferrari
    Fischer Fleming Fontaine Foster Garcia Gomez Gonzalez Gray Green Gupta Hall Hansen Harris Hayes
    Hoffman Hughes Ibrahim Ito Jensen Johnson Kaur Keller Khan Kim Klein Kowalski Kumar Larsen Lee
    Lewis Lopez Martin Mendes Meyer Miller Moreau Morgan Murphy Nakamura Nguyen Novak Okafor Olsen
    Ortiz Park Patel Perez Petrov Price Quinn Ramos Reyes Richter Rivera Romano Rossi Russo Sato
    Schmidt Schneider Silva Singh Sousa Stewart Suzuki Tanaka Taylor Thomas Torres Turner Vargas
    Vogel Walker Wang Weber Wilson Wong Young Zhang
    """.split()
)

PERSONAL_MAIL = (
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "icloud.com",
    "hotmail.com",
    "proton.me",
    "fastmail.com",
    "aol.com",
    "gmx.com",
    "mail.com",
)
"""Where people's own email addresses live (staff use the business's domain)."""

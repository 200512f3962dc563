"""The default survey: keys and values are SPEC's contract; labels in English and Welsh."""

SERVICES = {
    "bins_recycling": ("Bins and recycling", "Biniau ac ailgylchu"),
    "council_tax": ("Council Tax", "Treth Gyngor"),
    "benefits": ("Benefits", "Budd-daliadau"),
    "housing": ("Housing", "Tai"),
    "planning": ("Planning", "Cynllunio"),
    "parking": ("Parking", "Parcio"),
    "roads_transport": ("Roads and transport", "Ffyrdd a thrafnidiaeth"),
    "schools_education": ("Schools and education", "Ysgolion ac addysg"),
    "social_care": ("Social care", "Gofal cymdeithasol"),
    "libraries_leisure": ("Libraries and leisure", "Llyfrgelloedd a hamdden"),
    "jobs": ("Jobs", "Swyddi"),
    "business": ("Business", "Busnes"),
    "report_problem": ("Report a problem", "Rhoi gwybod am broblem"),
    "pay": ("Pay for something", "Talu am rywbeth"),
    "other": ("Something else", "Rhywbeth arall"),
}
TASKS = {"yes": ("Yes", "Oeddwn"), "partly": ("Partly", "Yn rhannol"), "no": ("No", "Nac oeddwn")}
RATINGS = {"good": ("Good", "Da"), "average": ("Average", "Cyfartalog"), "poor": ("Poor", "Gwael")}
REASONS = {
    "not_found": ("I couldn't find what I needed", "Doeddwn i ddim yn gallu dod o hyd i'r hyn roedd ei angen arnaf"),
    "unclear_or_wrong": ("The information was unclear or wrong", "Roedd y wybodaeth yn aneglur neu'n anghywir"),
    "could_not_complete": ("I couldn't finish what I was doing", "Doeddwn i ddim yn gallu gorffen yr hyn roeddwn i'n ei wneud"),
    "hard_to_use": ("The website was hard to use", "Roedd y wefan yn anodd ei defnyddio"),
}
ALTERNATIVES = {
    "phone": ("Phone", "Ffonio"),
    "face_to_face": ("In person", "Wyneb yn wyneb"),
    "email": ("Email", "E-bost"),
    "none": ("None of these", "Dim un o'r rhain"),
}
CHANNELS = ("web", "phone", "face_to_face", "email")
COMMENT_MAX = 1000


def _label(pair):
    return {"en": pair[0], "cy": pair[1]}


def _choice(key, question, options, **extra):
    return {"key": key, "kind": "choice", "label": _label(question),
            "options": [{"value": value, "label": _label(pair)} for value, pair in options.items()], **extra}


QUESTIONS = [
    _choice("service", ("What did you come to the website to do?", "Beth oeddech chi'n dod i'r wefan i'w wneud?"),
            SERVICES),
    _choice("task", ("Were you able to find or do what you came for?",
                     "Oeddech chi'n gallu dod o hyd i'r hyn roeddech ei eisiau, neu ei wneud?"), TASKS),
    _choice("rating", ("How would you rate your visit today?", "Sut fyddech chi'n graddio eich ymweliad heddiw?"),
            RATINGS),
    _choice("reason", ("What was the main reason?", "Beth oedd y prif reswm?"), REASONS,
            show_if={"rating": ["average", "poor"]}),
    _choice("alternative", ("What will you do now?", "Beth fyddwch chi'n ei wneud nawr?"), ALTERNATIVES,
            label_if={"task": ["yes"], "label": _label((
                "If you couldn't have used the website, how would you have contacted us?",
                "Pe na fyddech chi wedi gallu defnyddio'r wefan, sut fyddech chi wedi cysylltu â ni?"))}),
    {"key": "comment", "kind": "text", "max_length": COMMENT_MAX,
     "label": _label(("Anything else you'd like to tell us?", "Oes unrhyw beth arall yr hoffech ei ddweud wrthym?")),
     "hint": _label(("Do not include personal or financial details, such as your name, address, phone number "
                     "or bank details.",
                     "Peidiwch â chynnwys manylion personol nac ariannol, fel eich enw, eich cyfeiriad, eich rhif "
                     "ffôn neu eich manylion banc."))},
]


def for_site(site: dict) -> dict:
    """The survey document the widget loads for one site."""
    return {"site": site["site_key"], "sample_rate": site["sample_rate"], "languages": site["languages"],
            "questions": QUESTIONS}

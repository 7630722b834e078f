"""The two questions every installation starts with. The categories follow the ones US
employers report (EEO-1), which LL144 audits also use; an organisation edits or adds to them
in the administration."""

DEFAULT_QUESTIONS = [
    {
        "key": "sex-gender",
        "label": "Sex or gender",
        "help_text": "The one that describes you best.",
        "order": 10,
        "intersect": True,
        "options": ["Woman", "Man", "Non-binary", "Another gender"],
    },
    {
        "key": "race-ethnicity",
        "label": "Race or ethnicity",
        "help_text": "The one you identify with most.",
        "order": 20,
        "intersect": True,
        "options": [
            "Hispanic or Latino",
            "White",
            "Black or African American",
            "Asian",
            "Native Hawaiian or Pacific Islander",
            "American Indian or Alaska Native",
            "Two or more races",
        ],
    },
]

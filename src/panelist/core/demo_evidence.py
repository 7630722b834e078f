"""Interview notes for the demo's scorecards: what a member might write under each question.

Each rubric question has a note for a strong answer (rated 3 or 4) and one for a weak answer
(1 or 2), filled with the candidate's own project, and a follow-up line the member drew from
their own questions. So two questions of one scorecard never read alike, nor do two candidates
on the same question, and a no-go recommendation can quote the note that carried it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """The material a candidate brought: what the notes about them refer to."""

    topic: str
    method: str
    data: str
    tool: str
    situation: str


TOPICS = [
    "enzyme stability", "antibody affinity", "mRNA degradation", "cell growth curves",
    "protein solubility", "binding kinetics", "promoter strength", "assay plate effects",
]  # fmt: skip
METHODS = [
    "a hierarchical Bayesian model", "a Gaussian process", "an ODE model",
    "a graph neural network", "a mixed-effects regression", "a convolutional network",
    "a hidden Markov model", "gradient-boosted trees",
]  # fmt: skip
DATA = [
    "twelve plates of deep mutational scans", "3,000 measured variants",
    "time courses from 40 samples", "two years of screening runs",
    "a 96-well titration series", "900 sequenced clones", "six replicate growth experiments",
    "a public benchmark of 5,000 designs",
]  # fmt: skip
TOOLS = [
    "a Snakemake pipeline", "a small Python package", "a plate-reader parser",
    "a fitting library", "a dashboard for the lab", "a command-line tool for the assay team",
    "a notebook collection turned into a library", "a data-validation service",
]  # fmt: skip
SITUATIONS = [
    "a disagreement with a senior collaborator over which result to publish",
    "a partner lab missing a deadline the whole project depended on",
    "a teammate whose changes kept breaking the shared pipeline",
    "a reviewer who asked for an analysis the data could not support",
    "a student they supervised who stopped showing up to meetings",
    "two groups claiming the same dataset for different papers",
]  # fmt: skip


def profile_for(rng: random.Random) -> Profile:
    return Profile(
        topic=rng.choice(TOPICS),
        method=rng.choice(METHODS),
        data=rng.choice(DATA),
        tool=rng.choice(TOOLS),
        situation=rng.choice(SITUATIONS),
    )


# question key -> (note for a strong answer, note for a weak answer)
NOTES = {
    # people skills
    "non-trivial-situation": (
        "Described {situation}; two groups depended on the {topic} result and weeks of work "
        "were at stake, with nobody obviously in charge of deciding.",
        "The story was about {situation}, but it resolved itself within a day; asked what made it "
        "hard, the answer stayed at 'it was stressful'.",
    ),
    "verifiable-detail": (
        "Gave dates, the roles involved and the numbers ({data}); the sequence of events held "
        "together when I asked about it in a different order.",
        "Few checkable details in the story about {situation}: no dates or numbers, and who "
        "said what changed between the first telling and my follow-up.",
    ),
    "turnaround": (
        "Set up a weekly call with the other side, wrote the shared assumptions down and re-ran "
        "the analysis of {data} with them; that ended the dispute.",
        "Mostly waited for their manager to step in; their own part was 'keeping everyone "
        "informed' about the {topic} work, with no concrete step named.",
    ),
    "positive-qualities": (
        "Humility: said their first e-mail made things worse. Empathy: described the other "
        "side's view of {situation} fairly and without prompting.",
        "Said 'resilience' unprompted, but no detail of the story ({situation}) showed it; no "
        "moment where they changed their own mind or took a risk.",
    ),
    "negative-qualities": (
        "Nothing worrying. Named a past habit of over-promising timelines on the {topic} "
        "project and how they now check with the lab before agreeing.",
        "In the story about {situation}, blamed the other side throughout; twice called a "
        "colleague's view 'obviously wrong' without saying why.",
    ),
    "lessons-learned": (
        "Lesson: write the analysis plan before the data arrives. Showed the template they now "
        "use, applied since to {data}.",
        "Lesson was 'communicate more'; could not say what they now do differently or give a "
        "later case on the {topic} work where it applied.",
    ),
    # communication
    "three-bullet-clarity": (
        "Easy to write: problem was predicting {topic} from sparse data, method {method}, "
        "finding that it held on held-out groups. Wrote them during the talk.",
        "Hard to write: the problem statement shifted halfway, and I could not tell which "
        "{topic} result was the main finding until the last slide.",
    ),
    "audience-engagement": (
        "The bench scientists asked about replicates in {data} and a failed batch; questions "
        "went past clarification and the session ran ten minutes over.",
        "Two questions only, both asking what an axis meant; the bench scientists did not "
        "engage with the {topic} results.",
    ),
    "new-insight": (
        "New to me: checking {method} against a simple per-group baseline before trusting it. "
        "Clear enough that I could reuse it next week.",
        "Nothing new to me; the part on {method} repeated tutorial material without showing "
        "what was specific to {data}.",
    ),
    "material-aesthetics": (
        "Slides built one idea at a time, one colour per condition throughout, axes in the "
        "assay's units; the {topic} figure was readable from the back row.",
        "Dense slides in default plot styles, tiny axis labels, and a table summarising {data} "
        "that nobody could read from the back.",
    ),
    "answering-questions": (
        "Gave the biologist a mechanistic answer and the statistician the likelihood behind "
        "{method}; asked back when a question was unclear instead of guessing.",
        "Answered every question at the same technical level; a question about {data} got a "
        "long answer to a different question.",
    ),
    # scientific knowledge
    "domain-depth": (
        "Went from the readout down to why {topic} measurements drift with temperature, and "
        "knew which effects are still debated in the field.",
        "Stayed at the level of an abstract on {topic}; could not say what the assay readout "
        "physically measures.",
    ),
    "experiment-controls": (
        "Designed the experiment behind {data} with a wild-type control per plate and a blank "
        "for background, and said what each one rules out.",
        "Controls for {data} were 'the usual ones'; asked what the negative control rules out, "
        "they confused it with a replicate.",
    ),
    "axes-of-variation": (
        "Listed temperature, expression level and plate position as axes for {topic}, and "
        "predicted the direction of each effect before showing data.",
        "Named only the variable changed on purpose; batch and plate position in {data} came up "
        "only when I asked, with no expected effect.",
    ),
    "unprompted-limitations": (
        "Raised unprompted that {data} covers a narrow range and that the {topic} assay "
        "saturates at the high end; suggested how to test both.",
        "Offered no limitations; asked directly, said the main one for the {topic} work was "
        "that 'more data would help'.",
    ),
    "disciplinary-breadth": (
        "Credible in biochemistry and in statistics, and knew enough cell biology to question "
        "the expression system used for {data}.",
        "Comfortable in statistics only; questions on the biology of {topic} were answered in "
        "modeling terms.",
    ),
    "design-make-test-analyze": (
        "Placed their {method} work in the analyze step and explained how its output chose the "
        "next round of designs to make and test.",
        "Could not say where the analysis of {data} fed back into design; described it as the "
        "end of the project rather than a loop.",
    ),
    # coding
    "unprompted-detail": (
        "Opened with what {tool} is for, then the module layout and its main trade-off (speed "
        "over memory), and named the weakest part before I asked.",
        "Started scrolling through files of {tool} without saying what it was for; structure "
        "and trade-offs came out only through my questions.",
    ),
    "domain-organisation": (
        "Modules of {tool} follow the lab's workflow (plates, samples, fits), so I found the "
        "{topic} code without help.",
        "{tool} is one long script with generic helper names; nothing in its structure shows "
        "the {topic} concepts.",
    ),
    "reuse-documentation": (
        "README runs {tool} end to end on a public example, and docstrings give units; a "
        "colleague could point it at a neighbouring assay.",
        "No README for {tool}; comments restate the code, and the input format for {data} is "
        "written down nowhere.",
    ),
    "defensiveness": (
        "When I pushed on the fragile configuration in {tool}, they agreed and sketched a fix; "
        "curious about the critique rather than defensive.",
        "Became defensive about the missing tests in {tool}: said it 'just works' on {data} and "
        "moved on.",
    ),
    "design-reasoning": (
        "Explained why {tool} caches fitted models instead of refitting, with the timings on "
        "{data} that drove the choice.",
        "Design choices in {tool} were 'what the tutorial did'; could not say why a class "
        "hierarchy rather than plain functions.",
    ),
    "improvement-ideas": (
        "Would replace the hand-written retry loop in {tool} and add property tests for the "
        "{topic} parser; knew which part worried them most.",
        "Said there was nothing left to improve in {tool}; pressed, mentioned only renaming "
        "variables.",
    ),
    # modeling
    "alternatives-considered": (
        "Weighed a pooled regression and a per-group fit before choosing {method}, and "
        "rejected each for a reason tied to {data}.",
        "One option only: asked why {method}, said the group always uses it for {topic}.",
    ),
    "parameter-meaning": (
        "Said what each parameter of {method} means for {topic}, such as the group-level "
        "variance as how much effects differ between families.",
        "Could not say what the fitted parameters of {method} mean for the question; called "
        "them 'the weights'.",
    ),
    "architecture-and-inductive-bias": (
        "Explained in plain words what {method} assumes about {topic} (local effects, shared "
        "structure) and where that assumption breaks.",
        "Listed settings of {method} but could not say what it assumes about {topic} or why "
        "that suits the data.",
    ),
    "mechanistic-thinking": (
        "Built the model from the steps that produce {topic}, then checked it by predicting a "
        "condition in {data} they had not fitted.",
        "Followed a recipe: {method} with default settings and no account of how the system "
        "produces {data}.",
    ),
    "abstraction-choices": (
        "Named what the model of {topic} leaves out (cooperativity, instrument drift) and which "
        "conclusions would change if either mattered.",
        "Could not name a simplification in {method}; asked about assumptions, listed software "
        "settings instead.",
    ),
}

# A member's own follow-up questions, after a strong and after a weak answer.
FOLLOW_UPS = (
    [
        "Follow-up: asked what they would do with half of {data}; the answer was specific.",
        "Follow-up on {method}: they drew the structure on the whiteboard unprompted.",
        "Asked for a number and got one, with where it came from in {data}.",
        "When I asked who else worked on the {topic} project, they named each person's part.",
        "Came back to this point later when answering a question about {tool}.",
        "Checked the same point later from the side of {method}; the answer matched.",
        "Asked how a colleague would take over {tool}; they named the first thing to read.",
        "Linked this, without my asking, to how they handled {situation}.",
        "Asked what {method} would miss in {topic}; they named one case and how to spot it.",
        "Asked which part of {data} they trust least, and why; a clear answer.",
    ],
    [
        "A second try from the side of {method} did not get further.",
        "Spent about ten minutes here, mostly on {data}, without getting to specifics.",
        "My follow-up about {topic} in a second system got a vaguer answer still.",
        "Asked how a colleague would take over {tool}; no clear first step.",
        "Came back to it at the end; the answer about {data} had not changed.",
        "Offered a hint about {topic}; they took it, but did not build on it.",
        "Asked for a number from {data}; they could not give one.",
        "Tried a concrete case from {situation}; the answer stayed general.",
        "Asked what they would check first if {method} surprised them; no clear answer.",
        "They asked to move on; we came back to {tool} later with the same result.",
    ],
)


class Notebook:
    """One member's notes for one scorecard: each question's observation with one follow-up
    of theirs, none used twice before all have been."""

    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self.profile, self.rng = profile, rng
        self.follow_ups: list[list[str]] = [[], []]

    def note(self, key: str, value: int) -> str:
        band = 0 if value >= 3 else 1
        if not self.follow_ups[band]:  # a long interview: the member's habits come round again
            self.follow_ups[band] = self.rng.sample(FOLLOW_UPS[band], len(FOLLOW_UPS[band]))
        text = f"{NOTES[key][band]} {self.follow_ups[band].pop()}"
        return text.format(**self.profile.__dict__)


def no_go_reason(ratings: dict[str, tuple[int, str]]) -> str:
    """The reason a member gives for a no-go: their weakest rated answer and what showed it.

    ``ratings`` maps each question's prompt to its rating and evidence.
    """
    prompt, (value, evidence) = min(ratings.items(), key=lambda item: item[1][0])
    observation = evidence.split(". ")[0].rstrip(".")
    return f'Weakest answer, rated {value} of 4, on "{prompt}": {observation}.'

"""Word lists behind the privacy guard's name rule (see privacy.py).

A full name is only worth a finding next to a clinical detail or an age, and a name is only
recognised when its first word is a common given name: journey-map prose is full of
capitalised word pairs ("Care Coordinator", "Northwind Health") that must not fire. Given
names that are also ordinary words or places (Will, May, Grace, Georgia) are left out on
purpose: precision matters as much as recall.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES = _words("""
aaron abdul abigail adam adriana ahmed aisha alan albert alejandro alex alexander alexandra
alexis alice alicia alison amanda amber amelia amina amir amy ana andrea andrew angela anita
ann anna anne annette anthony antonio arjun arthur ashley audrey barbara beatriz benjamin
bernard beth betty beverly bianca brandon brenda brian brittany bruce carla carlos carmen
carol caroline catherine cecilia charles charlotte cheryl chloe christina christine
christopher cindy claire claudia colleen connor craig cynthia daniel daniela danielle darius
david deborah debra denise dennis derek diana diane diego dmitri dolores donald donna doris
dorothy douglas duc dylan edward eileen elaine elena elizabeth ellen emily emma eric erica
erin esther ethan eugene evelyn fatima felix fernando fiona francisco gabriel gail gary
george gerald gloria gregory gustavo hannah harold heather helen henry hiroshi howard hugo
ian imani ingrid irene isaac isabel isabella ivan jack jacob jacqueline james jamal jane
janet janice jason javier jeffrey jennifer jeremy jerome jessica jiang joan joanne joe joel
john jonathan jorge jose joseph joshua joyce juan judith judy julia julie justin karen
katherine kathleen kathryn kayla keisha keith kelly kenji kenneth kevin kimberly kyle laura
lauren lawrence leah leonard linda lisa lori louis lucas lucia luis luz lydia madeline
malik manuel marcus margaret maria marie marilyn marisol marjorie martha martin mary
matthew megan melissa mercedes michael michelle miguel mohammed monica nadia nancy natalie
nathan nicholas nicole nina noah olga oliver olivia omar pablo pamela patricia patrick paul
paula peter philip priya rachel rafael rahul raj ramon randy raquel rebecca regina ricardo
richard rita robert roberto rosa rosalind roy ruth ryan samantha samuel sandra sara sarah
scott sean sergei sharon shirley sofia sonia stephanie stephen steven susan tamara tanya
teresa theresa thomas timothy tyler valerie vanessa vera veronica victor vincent walter
wanda wei william xavier yasmin yolanda yusuf yvonne zachary zainab
""")

# Capitalised words that follow a given name in prose without being a surname
# ("Maria Clinic", "Sarah Health"), and placeholder surnames that name nobody.
NOT_SURNAMES = _words("""
about after all also and app are as at before benefits billing but by call care center
centre clinic community coordinator county desk did does for from group has have health
healthcare her his hospital how if in insurance is it lab line medical medicaid medicare
network nurse of office on or our pharmacy plan plans portal program programme regional
said says service services she support team the their then they this to university valley
was we what when who will with you your
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
doe roe public sample example placeholder test
""")

# Titles that make the name a clinician's or a staff member's, not a patient's.
STAFF_TITLES = _words("dr dr. doctor nurse np pa rn coordinator navigator pharmacist "
                      "therapist prof prof. professor")

# A clinical detail near a name makes a privacy finding; kept as regex alternatives.
CLINICAL_TERMS = r"""
diagnos(?:is|ed|es) | dx | diabet(?:es|ic) | prediabet(?:es|ic) | type\ [12]\ diabetes
| hypertension | high\ blood\ pressure | blood\ pressure | cancer | tumou?rs? | oncolog\w*
| chemo(?:therapy)? | radiation\ therapy | leuka?emia | lymphoma | melanoma | hiv | aids
| hepatitis | st[di]s? | pregnan(?:t|cy) | prenatal | postpartum | miscarri\w* | ivf
| infertility | depress(?:ion|ed) | anxiety | ptsd | bipolar | schizophreni\w* | psychosis
| suicid\w* | self-harm | eating\ disorder | anorexia | bulimia | adhd | autism | dementia
| alzheimer'?s | parkinson'?s | epilep\w* | seizures? | stroke | heart\ attack
| heart\ failure | chf | copd | asthma | emphysema | kidney\ disease | ckd | dialysis
| transplant | cirrhosis | multiple\ sclerosis | lupus | arthritis | crohn'?s | colitis
| obes(?:e|ity) | bmi | a1c | hba1c | insulin | metformin | statins? | opioids? | overdos\w*
| addiction | substance\ use | alcohol\w* | rehab | detox | methadone | buprenorphine
| suboxone | naloxone | surgery | surgical | biopsy | mri | ct\ scan | mammogram
| colonoscopy | er\ visits? | emergency\ room | hospitali[sz]ed | inpatient | icu
| discharged | prescri(?:ption|bed) | medications? | \d+\ ?mg | allerg(?:y|ies|ic)
| covid(?:-19)? | tested\ positive | positive\ for | chest\ pain | fracture[ds]? | amputation
| wheelchair | psychiatr\w* | cardiolog\w* | endocrinolog\w* | oncologist | neurolog\w*
| terminal | hospice | palliative | sickle\ cell | cystic\ fibrosis | [A-TV-Z]\d\d\.\d{1,4}
"""

"""Fictional clinicians for `flask seed-demo`; taxonomy slugs are those of
peerlink/profiles/taxonomy_defaults.py.

Every person here is invented; any resemblance to a real clinician is accidental. Bios speak
about each clinician's own work only and never describe a client. Slugs double as the email
local part: `<slug>@example.org`.
"""

from typing import NamedTuple


class DemoClinician(NamedTuple):
    slug: str
    name: str
    pronouns: str
    discipline: str
    credentials: str
    role: str
    city: str
    region: str
    country: str
    timezone: str
    specialties: tuple[str, ...]
    modalities: tuple[str, ...]
    populations: tuple[str, ...]
    languages: tuple[str, ...]
    setting: str
    bio: str
    open_to_consultation: bool
    consultation_topics: tuple[str, ...]


CLINICIANS: tuple[DemoClinician, ...] = (
    DemoClinician(
        slug="maya.okafor",
        name="Maya Okafor",
        pronouns="she/her",
        discipline="psychologist",
        credentials="PhD",
        role="admin",
        city="Chicago",
        region="IL",
        country="US",
        timezone="America/Chicago",
        specialties=("trauma-ptsd", "anxiety-ocd", "suicide-prevention"),
        modalities=("cpt", "pe", "cbt"),
        populations=("adults", "veterans"),
        languages=("en",),
        setting="group-practice",
        bio=(
            "I'm a clinical psychologist at a group practice on Chicago's South Side, where most "
            "of my week goes to trauma-focused work: **cognitive processing therapy** and "
            "**prolonged exposure**, with a steady thread of suicide risk assessment. I helped "
            "start PeerLink after a CE weekend where the best conversations happened in the "
            "hallway and then evaporated. Happy to think through stuck points in exposure work or "
            "how to structure a safety plan."
        ),
        open_to_consultation=True,
        consultation_topics=("stuck points in CPT", "safety planning after a suicide attempt"),
    ),
    DemoClinician(
        slug="eleanor.whitfield",
        name="Eleanor Whitfield",
        pronouns="she/her",
        discipline="psychologist",
        credentials="DClinPsy, HCPC-registered",
        role="organizer",
        city="London",
        region="England",
        country="GB",
        timezone="Europe/London",
        specialties=("trauma-ptsd", "anxiety-ocd"),
        modalities=("emdr", "cbt"),
        populations=("adults",),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm a clinical psychologist in an NHS traumatic stress service in London, working "
            "mostly with trauma-focused CBT and EMDR. I co-organise an online CE series that "
            "brings UK and North American trauma clinicians together, which is how I found "
            "PeerLink. Time zones permitting, I'm glad to consult on complex PTSD formulations."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "complex PTSD formulation",
            "phase-based vs. direct trauma processing",
        ),
    ),
    DemoClinician(
        slug="lachlan.murray",
        name="Lachlan Murray",
        pronouns="",
        discipline="psychologist",
        credentials="MPsych (Clin), MAPS",
        role="member",
        city="Melbourne",
        region="VIC",
        country="AU",
        timezone="Australia/Melbourne",
        specialties=("eating-disorders", "anxiety-ocd"),
        modalities=("cbt", "erp"),
        populations=("adolescents", "adults"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "Clinical psychologist in Melbourne working with adolescents and young adults with "
            "eating disorders and OCD. I lean on CBT-E and ERP, and I'm curious how clinicians "
            "elsewhere handle the overlap when the rituals are about food. Always keen for a "
            "consult call, though it's probably tomorrow where I am."
        ),
        open_to_consultation=True,
        consultation_topics=("CBT-E with adolescents", "ERP when OCD and eating disorders overlap"),
    ),
    DemoClinician(
        slug="halima.warsame",
        name="Halima Warsame",
        pronouns="she/her",
        discipline="psychologist",
        credentials="PsyD, LP",
        role="member",
        city="Minneapolis",
        region="MN",
        country="US",
        timezone="America/Chicago",
        specialties=("trauma-ptsd", "child-adolescent"),
        modalities=("cbt", "family-systems"),
        populations=("children", "adolescents", "families"),
        languages=("en", "ar"),
        setting="community-mental-health",
        bio=(
            "I'm a psychologist at a community clinic in Minneapolis, doing trauma-focused CBT "
            "with kids and their caregivers. Many of the families I work with are East African, "
            "and I think hard about adapting trauma treatment so it fits how a family already "
            "understands healing. I also supervise postdoctoral fellows and love talking about "
            "training."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "TF-CBT when caregivers are struggling too",
            "culturally adapting trauma treatment",
        ),
    ),
    DemoClinician(
        slug="kevin.castellano",
        name="Kevin Castellano",
        pronouns="he/him",
        discipline="psychologist",
        credentials="PhD",
        role="moderator",
        city="San Antonio",
        region="TX",
        country="US",
        timezone="America/Chicago",
        specialties=("trauma-ptsd", "sleep", "suicide-prevention"),
        modalities=("cpt", "pe", "cbt-i"),
        populations=("veterans", "adults"),
        languages=("en", "es"),
        setting="va",
        bio=(
            "I'm a staff psychologist on a VA PTSD clinical team in San Antonio and a CPT and PE "
            "consultant for clinicians new to the protocols. Nightmares and insomnia often "
            "outlast the PTSD, so I've added CBT-I and imagery rehearsal to my work. I moderate "
            "the trauma group here; come say hello."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "prolonged exposure with dissociation",
            "nightmares after PTSD treatment",
        ),
    ),
    DemoClinician(
        slug="naomi.feldman",
        name="Naomi Feldman",
        pronouns="she/her",
        discipline="psychologist",
        credentials="PhD",
        role="member",
        city="Pittsburgh",
        region="PA",
        country="US",
        timezone="America/New_York",
        specialties=("chronic-pain", "geriatric", "sleep"),
        modalities=("act", "cbt-i", "mindfulness-based"),
        populations=("older-adults", "adults"),
        languages=("en",),
        setting="integrated-primary-care",
        bio=(
            "Health psychologist in primary care in Pittsburgh: chronic pain, insomnia, and the "
            "worries that come with getting older and sicker. I work in 30-minute slots and have "
            "become a firm believer in ACT for pain. I'm not taking consultation requests right "
            "now, but I read the chronic pain group every week."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="samuel.adeyemi",
        name="Samuel Adeyemi",
        pronouns="he/him",
        discipline="psychiatrist",
        credentials="MD, MPH",
        role="organizer",
        city="Atlanta",
        region="GA",
        country="US",
        timezone="America/New_York",
        specialties=("serious-mental-illness", "substance-use", "suicide-prevention"),
        modalities=("medication-management", "motivational-interviewing"),
        populations=("adults", "bipoc"),
        languages=("en",),
        setting="hospital",
        bio=(
            "I'm an attending psychiatrist on an inpatient unit in Atlanta and lead our first-"
            "episode psychosis clinic. My public health training shows up in how I think about "
            "access: long-acting injectables, clozapine, and getting people to the first follow-"
            "up appointment at all. I coordinate the serious mental illness track at our regional "
            "CE conference."
        ),
        open_to_consultation=True,
        consultation_topics=("clozapine monitoring and rechallenge", "long-acting injectables"),
    ),
    DemoClinician(
        slug="hana.takahashi",
        name="Hana Takahashi",
        pronouns="she/her",
        discipline="psychiatrist",
        credentials="MD",
        role="member",
        city="Seattle",
        region="WA",
        country="US",
        timezone="America/Los_Angeles",
        specialties=("child-adolescent", "neurodevelopmental", "anxiety-ocd"),
        modalities=("medication-management", "cbt"),
        populations=("children", "adolescents", "families"),
        languages=("en",),
        setting="hospital",
        bio=(
            "Child and adolescent psychiatrist at a children's hospital clinic in Seattle. I see "
            "a lot of ADHD with anxiety riding alongside it, and pediatric OCD where medication "
            "is one piece of a plan that needs ERP to work. I'm glad to take consultation calls "
            "from therapists and pediatric prescribers."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "stimulants with co-occurring anxiety",
            "SSRI dosing in pediatric OCD",
            "medication questions in adolescents",
        ),
    ),
    DemoClinician(
        slug="ibrahim.haddad",
        name="Ibrahim Haddad",
        pronouns="he/him",
        discipline="psychiatrist",
        credentials="DO",
        role="member",
        city="Dearborn",
        region="MI",
        country="US",
        timezone="America/Detroit",
        specialties=("trauma-ptsd", "mood-disorders", "substance-use"),
        modalities=("medication-management", "psychodynamic"),
        populations=("adults", "bipoc"),
        languages=("en", "ar"),
        setting="integrated-primary-care",
        bio=(
            "I'm a psychiatrist in Dearborn working inside a federally qualified health center, "
            "so most of my referrals come from the primary care physicians down the hall. Many of "
            "the people we serve arrived as refugees, and I do a good share of visits in Arabic. "
            "I'm interested in how collaborative care can hold trauma without every conversation "
            "becoming about medication."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="rohan.mehta",
        name="Rohan Mehta",
        pronouns="he/him",
        discipline="psychiatrist",
        credentials="MBBS, MRCPsych",
        role="member",
        city="Manchester",
        region="England",
        country="GB",
        timezone="Europe/London",
        specialties=("perinatal", "mood-disorders", "serious-mental-illness"),
        modalities=("medication-management",),
        populations=("perinatal-parents", "adults"),
        languages=("en",),
        setting="hospital",
        bio=(
            "I'm a consultant perinatal psychiatrist with a community perinatal team and a mother "
            "and baby unit in Greater Manchester. My days are postpartum psychosis, bipolar "
            "disorder in pregnancy, and careful conversations about lithium and breastfeeding. "
            "I'm always curious how US colleagues manage perinatal prescribing without dedicated "
            "inpatient units."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "lithium in pregnancy and postpartum",
            "postpartum psychosis pathways",
        ),
    ),
    DemoClinician(
        slug="tevita.fifita",
        name="Tevita Fifita",
        pronouns="he/him",
        discipline="psychiatrist",
        credentials="MBChB, FRANZCP",
        role="member",
        city="Auckland",
        region="Auckland",
        country="NZ",
        timezone="Pacific/Auckland",
        specialties=("serious-mental-illness", "substance-use"),
        modalities=("medication-management", "family-systems"),
        populations=("adults", "families"),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm a consultant psychiatrist with a community mental health team in South Auckland, "
            "where a lot of my work is with Pacific families supporting someone through "
            "psychosis. Family meetings matter more than any prescription I write. I joined to "
            "swap notes on early intervention with colleagues on the other side of the date line."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="rebecca.goldfarb",
        name="Rebecca Goldfarb",
        pronouns="she/her",
        discipline="psychiatrist",
        credentials="MD",
        role="member",
        city="Boston",
        region="MA",
        country="US",
        timezone="America/New_York",
        specialties=("eating-disorders", "mood-disorders", "anxiety-ocd"),
        modalities=("medication-management", "psychodynamic"),
        populations=("adolescents", "adults"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm a psychiatrist in Boston with a mixed practice of medication management and "
            "psychodynamic psychotherapy, much of it with people recovering from eating "
            "disorders. I'm a regular in the eating disorders group and try to give therapists "
            "straight answers about the medical side. Ask me about monitoring thresholds or when "
            "to push for a higher level of care."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "medical thresholds for a higher level of care",
            "medication in eating disorder recovery",
        ),
    ),
    DemoClinician(
        slug="daniel.reyes",
        name="Daniel Reyes",
        pronouns="he/him",
        discipline="psychiatric-np",
        credentials="DNP, PMHNP-BC",
        role="member",
        city="Albuquerque",
        region="NM",
        country="US",
        timezone="America/Denver",
        specialties=("substance-use", "trauma-ptsd", "mood-disorders"),
        modalities=("medication-management", "motivational-interviewing"),
        populations=("adults", "bipoc"),
        languages=("en", "es"),
        setting="community-mental-health",
        bio=(
            "I'm a psychiatric nurse practitioner at a community mental health center in "
            "Albuquerque, prescribing for adults with co-occurring PTSD and substance use. Much "
            "of my week is buprenorphine starts, sleep that won't come back, and conversations in "
            "Spanish with families who are wary of psychiatric medication. I like working "
            "closely with therapists: tell me what you're seeing and I'll tell you what I'm "
            "weighing."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "buprenorphine starts in outpatient care",
            "prazosin and sleep in PTSD",
        ),
    ),
    DemoClinician(
        slug="thao.nguyen",
        name="Thao Nguyen",
        pronouns="she/her",
        discipline="psychiatric-np",
        credentials="MSN, PMHNP-BC",
        role="member",
        city="Houston",
        region="TX",
        country="US",
        timezone="America/Chicago",
        specialties=("perinatal", "mood-disorders", "anxiety-ocd"),
        modalities=("medication-management", "cbt"),
        populations=("perinatal-parents", "adults"),
        languages=("en", "vi"),
        setting="telehealth-only",
        bio=(
            "I'm a psychiatric NP with a telehealth practice across Texas, focused on pregnancy "
            "and the postpartum year. About a third of my visits are in Vietnamese, and family "
            "members often join from the next room. I love consults about antidepressants in "
            "pregnancy and lactation, so bring your questions."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "antidepressants in pregnancy and lactation",
            "postpartum sleep and medication timing",
        ),
    ),
    DemoClinician(
        slug="marcus.bell",
        name="Marcus Bell",
        pronouns="he/him",
        discipline="psychiatric-np",
        credentials="APRN, PMHNP-BC",
        role="member",
        city="Louisville",
        region="KY",
        country="US",
        timezone="America/Kentucky/Louisville",
        specialties=("substance-use", "serious-mental-illness", "trauma-ptsd"),
        modalities=("medication-management", "motivational-interviewing"),
        populations=("adults",),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I prescribe at a community mental health center in Louisville and cover our walk-in "
            "addiction clinic two days a week. Long-acting buprenorphine, stimulant use disorder "
            "with nothing FDA-approved to offer, and psychosis that may or may not be substance-"
            "induced keep things interesting. Glad to talk through harm-reduction prescribing."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "long-acting injectable buprenorphine",
            "stimulant use disorder and psychosis",
        ),
    ),
    DemoClinician(
        slug="eunji.cho",
        name="Eunji Cho",
        pronouns="she/her",
        discipline="psychiatric-np",
        credentials="PMHNP-BC",
        role="member",
        city="Los Angeles",
        region="CA",
        country="US",
        timezone="America/Los_Angeles",
        specialties=("geriatric", "mood-disorders", "sleep"),
        modalities=("medication-management", "cbt-i"),
        populations=("older-adults", "adults"),
        languages=("en", "ko"),
        setting="integrated-primary-care",
        bio=(
            "I'm a psychiatric NP embedded in a primary care clinic in Koreatown, Los Angeles. "
            "Many of my patients are older adults managing depression and insomnia alongside a "
            "long medication list, and I spend a lot of time deprescribing benzodiazepines and "
            "sleep aids, gently. Happy to share tapering approaches that have worked."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "benzodiazepine tapering in older adults",
            "depression with cognitive decline",
        ),
    ),
    DemoClinician(
        slug="aaliyah.brooks",
        name="Aaliyah Brooks",
        pronouns="she/her",
        discipline="psychiatric-np",
        credentials="DNP, PMHNP-BC",
        role="member",
        city="Charlotte",
        region="NC",
        country="US",
        timezone="America/New_York",
        specialties=("child-adolescent", "neurodevelopmental", "trauma-ptsd"),
        modalities=("medication-management",),
        populations=("children", "adolescents", "families"),
        languages=("en",),
        setting="school",
        bio=(
            "I provide psychiatric care across a network of school-based health centers in "
            "Charlotte, so I see kids and teens between classes. A lot of what arrives labeled as "
            "ADHD turns out to be trauma, sleep loss, or both. I'd love more connections with "
            "school psychologists and child therapists."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "ADHD vs. trauma in school referrals",
            "medication questions in adolescents",
        ),
    ),
    DemoClinician(
        slug="jolene.begay",
        name="Jolene Begay",
        pronouns="she/her",
        discipline="psychiatric-np",
        credentials="APRN, PMHNP-BC",
        role="member",
        city="Flagstaff",
        region="AZ",
        country="US",
        timezone="America/Phoenix",
        specialties=("substance-use", "trauma-ptsd", "suicide-prevention"),
        modalities=("medication-management", "motivational-interviewing"),
        populations=("adults", "adolescents", "bipoc"),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm a psychiatric NP in Flagstaff covering clinics across northern Arizona, much of "
            "it by telehealth to places two hours from the nearest pharmacy. Alcohol use "
            "disorder, suicide prevention, and intergenerational trauma are at the center of my "
            "work. I think a lot about how to prescribe well when follow-up is hard."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="priya.raman",
        name="Priya Raman",
        pronouns="she/her",
        discipline="lcsw",
        credentials="LCSW",
        role="organizer",
        city="Austin",
        region="TX",
        country="US",
        timezone="America/Chicago",
        specialties=("perinatal", "anxiety-ocd", "grief-loss"),
        modalities=("act", "cbt", "mindfulness-based"),
        populations=("perinatal-parents", "adults"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm a clinical social worker in Austin focused on perinatal mental health: intrusive "
            "thoughts after birth, pregnancy after loss, and the identity shifts nobody warns "
            "you about. I organize our perinatal CE track each spring and run the interest group "
            "that grew out of it. Reach out if you want to talk through screening workflows or "
            "ACT with new parents."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "perinatal intrusive thoughts vs. OCD",
            "pregnancy after loss",
            "perinatal screening workflows",
        ),
    ),
    DemoClinician(
        slug="chantal.baptiste",
        name="Chantal Baptiste",
        pronouns="she/her",
        discipline="lcsw",
        credentials="MSW, RSW",
        role="member",
        city="Toronto",
        region="ON",
        country="CA",
        timezone="America/Toronto",
        specialties=("child-adolescent", "trauma-ptsd", "grief-loss"),
        modalities=("emdr", "family-systems"),
        populations=("children", "families"),
        languages=("en", "fr"),
        setting="community-mental-health",
        bio=(
            "I'm a social worker at a children's mental health agency in Toronto, working with "
            "kids who have lost a parent or been through something frightening, and with their "
            "families. I use EMDR adapted for children and a lot of family sessions. Bilingual in "
            "English and French, and happy to consult with colleagues who work with young "
            "children after loss."
        ),
        open_to_consultation=True,
        consultation_topics=("EMDR with young children", "childhood traumatic grief"),
    ),
    DemoClinician(
        slug="tomas.almeida",
        name="Tomás Almeida",
        pronouns="he/him",
        discipline="lcsw",
        credentials="LICSW",
        role="member",
        city="New Bedford",
        region="MA",
        country="US",
        timezone="America/New_York",
        specialties=("substance-use", "trauma-ptsd", "mood-disorders"),
        modalities=("motivational-interviewing", "cbt"),
        populations=("adults", "families"),
        languages=("en", "pt"),
        setting="community-mental-health",
        bio=(
            "I'm a clinical social worker at an outpatient addiction program in New Bedford, "
            "where the opioid crisis is very much ongoing. I do individual and family work in "
            "English and Portuguese, mostly motivational interviewing and relapse prevention. I'd "
            "like to hear how other programs keep families involved without making them the "
            "enforcers."
        ),
        open_to_consultation=True,
        consultation_topics=("involving families in recovery", "MI when ambivalence runs deep"),
    ),
    DemoClinician(
        slug="keisha.lawrence",
        name="Keisha Lawrence",
        pronouns="she/her",
        discipline="lcsw",
        credentials="LICSW",
        role="moderator",
        city="Washington",
        region="DC",
        country="US",
        timezone="America/New_York",
        specialties=("trauma-ptsd", "lgbtq-affirming", "mood-disorders"),
        modalities=("ifs", "emdr"),
        populations=("lgbtq", "bipoc", "adults"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm a clinical social worker in private practice in DC, working with queer and trans "
            "adults and Black women on trauma and depression. IFS and EMDR are my main tools, "
            "and I pay close attention to pacing with people who've been let down by systems "
            "before. I moderate the LGBTQ+ affirming care group."
        ),
        open_to_consultation=True,
        consultation_topics=("pacing EMDR with complex trauma", "IFS with dissociative parts"),
    ),
    DemoClinician(
        slug="ramon.delacruz",
        name="Ramon Dela Cruz",
        pronouns="he/him",
        discipline="lcsw",
        credentials="LCSW",
        role="member",
        city="Honolulu",
        region="HI",
        country="US",
        timezone="Pacific/Honolulu",
        specialties=("serious-mental-illness", "substance-use"),
        modalities=("motivational-interviewing", "family-systems"),
        populations=("adults", "families"),
        languages=("en", "tl"),
        setting="community-mental-health",
        bio=(
            "I'm a social worker on an assertive community treatment team in Honolulu, working "
            "with adults living with schizophrenia and bipolar disorder, many of them unhoused or "
            "newly housed. Tagalog comes in handy with older Filipino families. I'm interested "
            "in how other ACT teams handle co-occurring methamphetamine use."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="yesenia.morales",
        name="Yesenia Morales",
        pronouns="she/her",
        discipline="lcsw",
        credentials="LCSW-R",
        role="member",
        city="New York",
        region="NY",
        country="US",
        timezone="America/New_York",
        specialties=("child-adolescent", "trauma-ptsd", "suicide-prevention"),
        modalities=("dbt", "cbt"),
        populations=("adolescents", "families"),
        languages=("en", "es"),
        setting="community-mental-health",
        bio=(
            "I run an adolescent DBT program at a clinic in the Bronx, including the parent "
            "skills group that everyone tries to skip and everyone ends up valuing. Most of our "
            "families are Spanish-speaking or bilingual, so I've translated more diary cards than "
            "I can count. Happy to consult on keeping DBT-A adherent in a community setting."
        ),
        open_to_consultation=True,
        consultation_topics=("DBT-A in community clinics", "self-harm and family involvement"),
    ),
    DemoClinician(
        slug="aoife.brennan",
        name="Aoife Brennan",
        pronouns="she/her",
        discipline="lpc",
        credentials="MIACP",
        role="member",
        city="Dublin",
        region="Leinster",
        country="IE",
        timezone="Europe/Dublin",
        specialties=("grief-loss", "anxiety-ocd"),
        modalities=("act", "mindfulness-based", "psychodynamic"),
        populations=("adults",),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm an accredited counsellor and psychotherapist in Dublin, working mostly with "
            "bereavement, including bereavement by suicide, and the anxiety that often follows. "
            "My approach is integrative, drawing on ACT and a great deal of simply staying with "
            "people. I'm here to learn from the grief group and to share what Irish bereavement "
            "services have built."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="meiling.wu",
        name="Mei-Ling Wu",
        pronouns="she/her",
        discipline="lpc",
        credentials="MC, RCC",
        role="member",
        city="Vancouver",
        region="BC",
        country="CA",
        timezone="America/Vancouver",
        specialties=("anxiety-ocd", "perinatal", "mood-disorders"),
        modalities=("cbt", "act"),
        populations=("perinatal-parents", "adults"),
        languages=("en", "zh"),
        setting="group-practice",
        bio=(
            "I'm a registered clinical counsellor in Vancouver, seeing new and expectant parents "
            "for anxiety and low mood, often in Mandarin. I've been adapting CBT materials for "
            "households where grandparents move in after a birth, an arrangement that brings real "
            "support and its own stresses. Glad to swap resources in the perinatal group."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="omar.siddiqui",
        name="Omar Siddiqui",
        pronouns="he/him",
        discipline="lpc",
        credentials="LCPC",
        role="member",
        city="Chicago",
        region="IL",
        country="US",
        timezone="America/Chicago",
        specialties=("substance-use", "mood-disorders"),
        modalities=("motivational-interviewing", "act", "cbt"),
        populations=("adults",),
        languages=("en",),
        setting="residential",
        bio=(
            "I'm a licensed clinical professional counselor at a residential substance use "
            "program near Chicago. I lead our ACT-based relapse prevention groups and spend a lot "
            "of time on discharge planning, which is where recovery is often won or lost. I'd "
            "love to connect with outpatient prescribers who take referrals for medication for "
            "opioid use disorder."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="caleb.hoffman",
        name="Caleb Hoffman",
        pronouns="he/him",
        discipline="lpc",
        credentials="LPCC-S",
        role="organizer",
        city="Columbus",
        region="OH",
        country="US",
        timezone="America/New_York",
        specialties=("trauma-ptsd", "anxiety-ocd", "suicide-prevention"),
        modalities=("emdr", "cbt"),
        populations=("adults", "veterans"),
        languages=("en",),
        setting="group-practice",
        bio=(
            "I'm a professional counselor and clinical supervisor at a group practice in "
            "Columbus, working mostly with first responders and veterans. I'm an EMDR consultant-"
            "in-training and organize a quarterly trauma workshop for counselors in central Ohio. "
            "I like helping newer clinicians find their footing with trauma work."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "EMDR with first responders",
            "supervising counselors new to trauma work",
        ),
    ),
    DemoClinician(
        slug="carolina.ruiz",
        name="Carolina Ruiz",
        pronouns="she/her",
        discipline="lpc",
        credentials="LMHC",
        role="member",
        city="Miami",
        region="FL",
        country="US",
        timezone="America/New_York",
        specialties=("eating-disorders", "child-adolescent"),
        modalities=("family-systems", "dbt"),
        populations=("adolescents", "families"),
        languages=("en", "es"),
        setting="group-practice",
        bio=(
            "I'm a mental health counselor in Miami specializing in eating disorders in teens, "
            "with family-based treatment at the core of my work. I practice in English and "
            "Spanish and often have three generations in the room. I'm always looking for "
            "psychiatrists and pediatric providers who understand eating disorders, to build "
            "shared care teams."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "family-based treatment for anorexia",
            "bringing grandparents into FBT",
        ),
    ),
    DemoClinician(
        slug="ethan.kowalczyk",
        name="Ethan Kowalczyk",
        pronouns="he/him",
        discipline="lpc",
        credentials="LPC, NCC",
        role="member",
        city="Denver",
        region="CO",
        country="US",
        timezone="America/Denver",
        specialties=("lgbtq-affirming", "mood-disorders", "anxiety-ocd"),
        modalities=("act", "ifs"),
        populations=("lgbtq", "adults"),
        languages=("en",),
        setting="telehealth-only",
        bio=(
            "I'm a counselor with a telehealth practice across Colorado, working mainly with "
            "LGBTQ+ adults in rural parts of the state. ACT and IFS are my mainstays. I'm not "
            "taking consultation requests at the moment, but I'm active in the LGBTQ+ affirming "
            "care group."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="genevieve.tremblay",
        name="Geneviève Tremblay",
        pronouns="she/her",
        discipline="lmft",
        credentials="MA, RMFT",
        role="member",
        city="Ottawa",
        region="ON",
        country="CA",
        timezone="America/Toronto",
        specialties=("couples", "perinatal", "grief-loss"),
        modalities=("eft", "family-systems"),
        populations=("couples", "perinatal-parents"),
        languages=("fr", "en"),
        setting="private-practice",
        bio=(
            "I'm a couple and family therapist in Ottawa, working in French and English with "
            "couples through the transition to parenthood, infertility, and pregnancy loss. "
            "Emotionally focused therapy is my home base. Happy to consult on couples work when "
            "one partner is also in individual perinatal treatment."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "couples therapy after pregnancy loss",
            "EFT during the transition to parenthood",
        ),
    ),
    DemoClinician(
        slug="kiana.moradi",
        name="Kiana Moradi",
        pronouns="she/her",
        discipline="lmft",
        credentials="LMFT",
        role="member",
        city="San Diego",
        region="CA",
        country="US",
        timezone="America/Los_Angeles",
        specialties=("child-adolescent", "neurodevelopmental", "anxiety-ocd"),
        modalities=("play-therapy", "family-systems", "cbt"),
        populations=("children", "families"),
        languages=("en",),
        setting="group-practice",
        bio=(
            "I'm a marriage and family therapist in San Diego, working with young children and "
            "their parents: play therapy, parent coaching, and kids whose anxiety or ADHD turns "
            "every morning into a negotiation. I believe parents are half the treatment, and I "
            "spend a lot of time helping them feel less alone in it."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="benjamin.osei",
        name="Benjamin Osei",
        pronouns="he/him",
        discipline="lmft",
        credentials="LMFT",
        role="member",
        city="Newark",
        region="NJ",
        country="US",
        timezone="America/New_York",
        specialties=("couples", "substance-use"),
        modalities=("family-systems", "eft", "motivational-interviewing"),
        populations=("couples", "families", "bipoc"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm a couples and family therapist in Newark. Much of my work is with couples where "
            "one partner is in recovery, and with families working out what trust looks like "
            "afterwards. I also teach a family systems course at a local university."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="nadia.petrova",
        name="Nadia Petrova",
        pronouns="she/her",
        discipline="lmft",
        credentials="LMFT",
        role="member",
        city="Nashville",
        region="TN",
        country="US",
        timezone="America/Chicago",
        specialties=("couples", "lgbtq-affirming"),
        modalities=("eft", "ifs"),
        populations=("couples", "lgbtq"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm an LMFT in Nashville seeing couples of many configurations, including queer "
            "couples and people in consensually non-monogamous relationships who haven't always "
            "felt welcome in therapy. EFT is my foundation, with IFS when individual parts keep "
            "hijacking the couple."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="fiona.macleod",
        name="Fiona MacLeod",
        pronouns="she/her",
        discipline="lmft",
        credentials="LMFT",
        role="member",
        city="Portland",
        region="OR",
        country="US",
        timezone="America/Los_Angeles",
        specialties=("grief-loss", "geriatric", "couples"),
        modalities=("family-systems", "act"),
        populations=("older-adults", "families"),
        languages=("en",),
        setting="private-practice",
        bio=(
            "I'm a family therapist in Portland who spent ten years on a hospice team before "
            "opening a private practice. I work with families facing a parent's dementia or "
            "terminal illness, and with adult siblings who suddenly have to make decisions "
            "together. Grief that starts long before a death is a big part of my work."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "anticipatory grief in families",
            "adult siblings caring for a parent with dementia",
        ),
    ),
    DemoClinician(
        slug="jamal.carter",
        name="Jamal Carter",
        pronouns="he/him",
        discipline="school-psychologist",
        credentials="EdS, NCSP",
        role="member",
        city="Memphis",
        region="TN",
        country="US",
        timezone="America/Chicago",
        specialties=("child-adolescent", "neurodevelopmental", "suicide-prevention"),
        modalities=("cbt",),
        populations=("children", "adolescents"),
        languages=("en",),
        setting="school",
        bio=(
            "I'm a school psychologist in Memphis serving two middle schools. My days split "
            "between evaluations for ADHD and learning differences, suicide risk screenings, and "
            "consulting with teachers who want to help but aren't sure how. I'd love to build "
            "better bridges with outside therapists and prescribers."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "school-based suicide risk screening",
            "coordinating with outside providers",
        ),
    ),
    DemoClinician(
        slug="lauren.gallagher",
        name="Lauren Gallagher",
        pronouns="she/her",
        discipline="school-psychologist",
        credentials="MA, CAGS, NCSP",
        role="member",
        city="Worcester",
        region="MA",
        country="US",
        timezone="America/New_York",
        specialties=("child-adolescent", "anxiety-ocd", "neurodevelopmental"),
        modalities=("cbt", "erp"),
        populations=("children", "adolescents"),
        languages=("en", "ase"),
        setting="school",
        bio=(
            "I'm a school psychologist in Worcester, and because I sign I've become the go-to for "
            "evaluations with Deaf and hard-of-hearing students across the district. I also run "
            "a CBT group for anxious middle schoolers. Consults about accessible assessment are "
            "always welcome."
        ),
        open_to_consultation=True,
        consultation_topics=("assessment with Deaf and hard-of-hearing students",),
    ),
    DemoClinician(
        slug="malia.leota",
        name="Malia Leota",
        pronouns="she/her",
        discipline="school-psychologist",
        credentials="PhD, NCSP",
        role="member",
        city="Salt Lake City",
        region="UT",
        country="US",
        timezone="America/Denver",
        specialties=("child-adolescent", "trauma-ptsd"),
        modalities=("cbt", "mindfulness-based"),
        populations=("children", "adolescents", "families"),
        languages=("en",),
        setting="school",
        bio=(
            "I'm a school psychologist in Salt Lake City and coordinate our district's crisis "
            "response team, so after a loss in a school community I'm the one planning the next "
            "morning. I also work to bring trauma-informed support to Pacific Islander and "
            "refugee families who are often missed by outside services."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="terrence.holloway",
        name="Terrence Holloway",
        pronouns="he/him",
        discipline="peer-specialist",
        credentials="CPS",
        role="member",
        city="Savannah",
        region="GA",
        country="US",
        timezone="America/New_York",
        specialties=("serious-mental-illness", "substance-use"),
        modalities=("motivational-interviewing", "mindfulness-based"),
        populations=("adults",),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm a certified peer specialist in Savannah. I live with bipolar disorder and have "
            "been in recovery from alcohol for eleven years, and I use that experience on purpose "
            "in my work. I co-facilitate WRAP groups and sit on our clinic's treatment team, "
            "where I make sure people's own words make it into their plans."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="shauna.price",
        name="Shauna Price",
        pronouns="she/her",
        discipline="peer-specialist",
        credentials="CPRS",
        role="member",
        city="Baltimore",
        region="MD",
        country="US",
        timezone="America/New_York",
        specialties=("substance-use", "perinatal"),
        modalities=("motivational-interviewing",),
        populations=("perinatal-parents", "adults"),
        languages=("en",),
        setting="hospital",
        bio=(
            "I'm a certified peer recovery specialist in Baltimore, working in a hospital program "
            "for pregnant and parenting people with opioid use disorder. I had my son while I "
            "was early in recovery, so I know how much the fear of losing custody keeps people "
            "away from care. Nothing I do works without trust, and trust takes showing up."
        ),
        open_to_consultation=True,
        consultation_topics=("peer support in perinatal substance use",),
    ),
    DemoClinician(
        slug="brandon.miller",
        name="Brandon Miller",
        pronouns="he/him",
        discipline="peer-specialist",
        credentials="CPRS",
        role="member",
        city="Richmond",
        region="VA",
        country="US",
        timezone="America/New_York",
        specialties=("trauma-ptsd", "suicide-prevention", "substance-use"),
        modalities=("motivational-interviewing",),
        populations=("veterans",),
        languages=("en",),
        setting="va",
        bio=(
            "I'm an Army veteran and a peer support specialist at the Richmond VA, working "
            "alongside the PTSD and suicide prevention teams. A lot of my job is being the person "
            "a veteran calls before they call anyone else. I'm proud of the buddy-check program "
            "we built with local veterans' organizations."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="jordan.ellis",
        name="Jordan Ellis",
        pronouns="they/them",
        discipline="peer-specialist",
        credentials="CPS",
        role="member",
        city="Philadelphia",
        region="PA",
        country="US",
        timezone="America/New_York",
        specialties=("lgbtq-affirming", "serious-mental-illness"),
        modalities=("mindfulness-based",),
        populations=("lgbtq", "adolescents"),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm a certified peer specialist in Philadelphia, working mostly with LGBTQ+ young "
            "people after a psychiatric hospitalization; I was one of them at nineteen. I help "
            "people figure out what they want from treatment, and I nudge clinicians (kindly) to "
            "use the right names."
        ),
        open_to_consultation=True,
        consultation_topics=("support after hospital discharge", "peer roles on clinical teams"),
    ),
    DemoClinician(
        slug="nour.alhassan",
        name="Nour Al-Hassan",
        pronouns="she/her",
        discipline="trainee",
        credentials="MSW candidate",
        role="member",
        city="Ann Arbor",
        region="MI",
        country="US",
        timezone="America/Detroit",
        specialties=("perinatal", "trauma-ptsd"),
        modalities=("cbt",),
        populations=("perinatal-parents", "bipoc"),
        languages=("en", "ar"),
        setting="hospital",
        bio=(
            "I'm a second-year MSW student with a field placement in an obstetrics clinic, "
            "screening new parents for depression and connecting them to care. I'm especially "
            "interested in perinatal mental health for refugee and immigrant families. Mostly "
            "here to listen, learn, and find a perinatal mentor."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="lucas.ferreira",
        name="Lucas Ferreira",
        pronouns="he/him",
        discipline="trainee",
        credentials="MD, PGY-3 psychiatry resident",
        role="member",
        city="Providence",
        region="RI",
        country="US",
        timezone="America/New_York",
        specialties=("substance-use", "mood-disorders"),
        modalities=("medication-management", "psychodynamic"),
        populations=("adults",),
        languages=("en", "pt"),
        setting="hospital",
        bio=(
            "I'm a third-year psychiatry resident in Providence, spending this year in outpatient "
            "clinics and on an addiction consult service. I'm drawn to both psychodynamic work "
            "and addiction psychiatry, and still figuring out how they fit together. Grateful to "
            "any attendings who enjoy thinking out loud."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="amani.mwangi",
        name="Amani Mwangi",
        pronouns="she/her",
        discipline="trainee",
        credentials="MA, doctoral intern",
        role="member",
        city="Denver",
        region="CO",
        country="US",
        timezone="America/Denver",
        specialties=("anxiety-ocd", "trauma-ptsd", "lgbtq-affirming"),
        modalities=("cbt", "act"),
        populations=("adults", "lgbtq"),
        languages=("en",),
        setting="university-counseling",
        bio=(
            "I'm a PsyD student completing my doctoral internship at a university counseling "
            "center in Denver. I see college students for anxiety, trauma, and identity "
            "questions, and co-lead a skills group for survivors of sexual violence. I'm curious "
            "how clinicians in private practice do brief work without feeling rushed."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="ingrid.solberg",
        name="Ingrid Solberg",
        pronouns="she/her",
        discipline="other",
        credentials="ATR-BC, LCAT",
        role="member",
        city="Buffalo",
        region="NY",
        country="US",
        timezone="America/New_York",
        specialties=("trauma-ptsd", "child-adolescent", "grief-loss"),
        modalities=("play-therapy", "mindfulness-based"),
        populations=("children", "adolescents"),
        languages=("en",),
        setting="hospital",
        bio=(
            "I'm a board-certified art therapist at a children's hospital in Buffalo, working "
            "with kids facing long admissions, medical trauma, and sometimes the death of a "
            "sibling. Art gives children a way to say what they don't have words for yet. I'd "
            "love to connect with therapists who want to bring more creative work into trauma "
            "treatment."
        ),
        open_to_consultation=True,
        consultation_topics=("art-based approaches to medical trauma",),
    ),
    DemoClinician(
        slug="harpreet.gill",
        name="Harpreet Gill",
        pronouns="",
        discipline="other",
        credentials="MOT, OT Reg. (MB)",
        role="member",
        city="Winnipeg",
        region="MB",
        country="CA",
        timezone="America/Winnipeg",
        specialties=("serious-mental-illness", "sleep"),
        modalities=("cbt", "mindfulness-based"),
        populations=("adults",),
        languages=("en",),
        setting="community-mental-health",
        bio=(
            "I'm an occupational therapist with a community mental health team in Winnipeg. I "
            "help people living with psychosis rebuild daily routines (sleep, cooking, getting "
            "back to work or school) because recovery happens in ordinary days. Ask me what OT "
            "can add to a mental health team."
        ),
        open_to_consultation=False,
        consultation_topics=(),
    ),
    DemoClinician(
        slug="vivian.chu",
        name="Vivian Chu",
        pronouns="she/her",
        discipline="other",
        credentials="PharmD, BCPP",
        role="member",
        city="Phoenix",
        region="AZ",
        country="US",
        timezone="America/Phoenix",
        specialties=("serious-mental-illness", "mood-disorders", "substance-use"),
        modalities=("medication-management",),
        populations=("adults", "older-adults"),
        languages=("en", "zh"),
        setting="integrated-primary-care",
        bio=(
            "I'm a board-certified psychiatric pharmacist on a collaborative care team in "
            "Phoenix. Prescribers usually bring me:\n\n"
            "- drug interactions in long medication lists\n"
            "- cross-taper plans between antidepressants or antipsychotics\n"
            "- clozapine levels that shift when someone stops smoking\n\n"
            "Please send me your trickiest medication puzzles."
        ),
        open_to_consultation=True,
        consultation_topics=(
            "drug interactions and cross-tapers",
            "clozapine levels and smoking changes",
        ),
    ),
)

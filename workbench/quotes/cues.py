"""The reporting-verb lexicon and the other words that introduce speech."""

from __future__ import annotations

# Lemmas of verbs that report speech or writing. Kept broad: news varies its verbs on purpose.
REPORTING_VERBS = frozenset("""
say tell add state write tweet post argue warn insist ask explain claim note declare announce
reply respond answer remark comment observe suggest recall continue conclude contend maintain
acknowledge admit concede confirm deny report reveal disclose describe predict promise pledge
vow threaten urge plead beg demand call cry shout yell scream exclaim whisper mutter murmur
joke quip laugh sigh boast brag complain lament grumble protest object charge accuse allege
assert affirm aver emphasize emphasise stress underscore reiterate repeat testify swear
caution advise recommend reaffirm reassert propose counter retort rebut fire snap mock scoff sneer chide scold
criticize criticise praise hail thank apologize apologise concur agree disagree dispute question
wonder muse reflect reason point begin start open close finish put summarize summarise sum
tout declare proclaim decree order instruct inform notify assure reassure concede confess
insist observe opine posit theorize speculate estimate complain tell text email e-mail message cable wire blog write pen
document record list read recount narrate relate describe quote cite interject interrupt
chime shoot fire hit slam blast rip lash knock attack defend dismiss reject brush
dub label brand term liken compare nickname refer reference
press fume remember rage gush rant vent marvel lecture preach sing chant tease taunt deride
ridicule lambaste hammer pronounce volunteer offer acknowledge gripe groan howl roar bellow
stammer stutter sob plead plea concede elaborate clarify specify stipulate instruct warn tell
""".split())

# The plain verbs of saying: when one governs another reporting verb (X said that Y begged
# “…”), the quote is X's.
CORE_VERBS = frozenset("say tell state add write tweet claim argue insist explain note".split())

# Verbs that report speech only with a particle or in a fixed phrase ("pointed out", "went on").
PHRASAL_CUES = frozenset({("point", "out"), ("go", "on"), ("fire", "back"), ("shoot", "back"),
                          ("hit", "back"), ("lash", "out"), ("chime", "in"), ("weigh", "in"),
                          ("sum", "up"), ("spell", "out"), ("cry", "out"), ("speak", "out")})

# Nouns that, as heads of a phrase like "in a statement", "his remarks", point to the speaker.
SPEECH_NOUNS = frozenset("""
statement remarks remark comments comment interview speech tweet tweets post letter email
message release announcement testimony words address briefing conference op-ed column
""".split())

# Nouns for what someone said, which name the speaker as their owner ("her comment that “…”",
# "Obama’s words, “…”").
OWNED_SPEECH_NOUNS = SPEECH_NOUNS | frozenset("""
claim promise pledge vow warning assertion argument insistence question answer reply response
retort quip joke remark admission description characterization prediction observation
suggestion complaint criticism accusation charge plea call message slogan boast denial
motto mantra refrain dictum phrase line catchphrase
conclusion assessment verdict view finding judgment opinion belief contention
""".split())

PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "him", "her", "them"})
PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "i": "x", "we": "p",
                   "they": "p", "them": "p", "you": "x"}

# Heads that make a description a group or an anonymous person rather than a named one.
GROUP_HEADS = frozenset("""
officials people sources critics supporters members lawmakers leaders aides advisers advisors
experts analysts democrats republicans voters protesters residents activists staff spokespeople
authorities police officers investigators prosecutors scientists researchers economists
""".split())

PERSON_DESCRIPTORS = frozenset("""
official source spokesman spokeswoman spokesperson aide adviser advisor person man woman
officer lawyer attorney analyst expert diplomat minister secretary senator president
representative governor mayor chairman chairwoman chair director executive leader candidate
nominee strategist operative member resident witness neighbor neighbour friend
congressman congresswoman lawmaker legislator
""".split())

# Documents and findings that speak for their authors ("a study by X found that “…”",
# "disclosures show", "the report concluded"): sources with a verb of finding, not of saying.
DOCUMENT_NOUNS = frozenset("""
study report poll survey analysis audit review investigation memo memorandum filing filings
disclosure disclosures document documents records data paper research ruling complaint lawsuit
indictment transcript transcripts assessment estimate projection forecast
""".split())
FINDING_VERBS = frozenset("""
find show conclude reveal suggest indicate say state describe estimate project warn note
call label predict determine detail
""".split())

"""Common given names with a usual gender, to check pronouns against ("she said" after Elizabeth
Warren and John Stumpf). A hint, never a rule: unknown names stay unknown, and a name here only
lowers the score of a pronoun that disagrees with it."""

MALE = frozenset("""
aaron adam adrian ahmed alan albert alex alexander ali andrew anthony antonio arthur barack ben
benjamin bernie bill billy bob bobby brad bradley brandon brett brian bruce carl carlos charles
charlie chris christopher chuck colin craig dan daniel darren dave david dennis dick don donald
doug douglas dwight ed eddie edward elijah eric ernest evan frank fred gary gavin george gerald
gordon greg gregory harold harry henry howard hugh ian isaac jack jacob jake james jamie jared jason
jeb jeff jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph
josh joshua juan julian justin keith ken kenneth kevin kyle larry lee leon lindsey louis luis luke
marco marcus mark martin matt matthew max michael miguel mike mitch mitchell mitt mohammed muhammad
nathan neil nicholas nick noah oliver omar oscar patrick paul pete peter phil philip rahm rand
randy ray raymond reince richard rick rob robert roger ron ronald roy rudy rupert russell ryan sam
samuel scott sean sergei sergey seth shawn stephen steve steven stuart ted terry thomas tim timothy
todd tom tommy tony travis trey troy tyler victor vincent vladimir walter warren wayne william
willie xi yasser zach zachary
""".split())

FEMALE = frozenset("""
abigail alexandria alexis alice alicia allison amanda amy andrea angela angie ann anna anne
annie ashley barbara betsy betty beverly brenda carla carly carol caroline carolyn catherine
chelsea cheryl christina christine cindy claire claudia colleen cynthia dana danielle debbie
deborah debra denise diana diane donna doris dorothy elaine eleanor elena elise elizabeth ellen
emily emma erin eva evelyn frances gabrielle gina gloria grace hannah heather heidi helen hillary
hope huma ivanka jacqueline jane janet janice jean jeanne jennifer jenny jessica jill joan joanna
jodi joni josephine joyce judith judy julia julie karen karine kate katherine kathleen kathryn
kathy katie kayleigh kellyanne kelly kim kimberly kirsten kristen laura lauren linda lisa lois
loretta lori louise lucy lynn madeleine maggie marcia margaret maria marie marilyn marsha martha
mary megan melania melanie melissa meryl michele michelle mika monica nancy natalie nicole nikki
olivia pam pamela patricia patty paula peggy rachel rebecca rhonda rita roberta rosa rose ruth
sally samantha sandra sara sarah sharon shelley sheryl shirley sonia sophia stephanie sue susan
suzanne tammy tara teresa theresa tiffany tina tracy tulsi valerie vanessa victoria virginia
wendy whitney yvonne zoe
""".split())


def gender_of(first_name: str) -> str | None:
    """"m", "f" or None for a given name (case-insensitive)."""
    name = first_name.casefold()
    if name in MALE:
        return "m"
    if name in FEMALE:
        return "f"
    return None

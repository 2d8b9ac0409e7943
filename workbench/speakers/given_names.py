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
bryan dante kofi antonin whit alfred andy angus barry bart benny bernard bert blake boris brent
brendan bret caleb calvin cameron cecil chester clarence clint cody conor corey cory curt curtis
damon darrell darryl derek devin dominic duane duncan dustin earl edgar edwin eli elliot elton
emmanuel enrique ethan eugene felix floyd fredrick gabriel garrett gilbert herbert herman homer
horace hector ivan javier jeffery jerome jimmie joey karl kurt lamar lawrence leo leonard leroy
lester lloyd lonnie lou lowell lyndon malcolm manuel marc mario marty marvin maurice melvin micah
mickey milton mohamed murray nate ned newt norman orrin otis owen pablo preston quentin ralph
ramon randall reggie reginald ricardo ricky rodney rory rudolph rufus salvador santiago saul
sebastian sherrod stan stanley stewart terrence theodore trent tyrone vern vernon wendell wesley
wilbur willard woodrow
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
gwen lily mindy violet angelique adrienne agnes alberta alma amber angelina annette arlene
audrey bernadette bonnie brittany candace carrie cassandra cecilia clara connie constance
darlene dianne dolores edith edna eileen elisa ella eloise erica esther ethel eunice felicia
genevieve geraldine gladys gretchen gwendolyn harriet ida irene jeanette jenna joann jodie
johanna jolene josie juanita judi kari karla katharine keisha kristin kristina lana latoya leah
lena lillian lola lorraine lydia mabel marcy margo marian marianne marjorie marlene marta maureen
maxine meghan melinda mia mildred miriam molly muriel myra naomi nina nora norma paulette pauline
phyllis priscilla ramona renee rochelle rosemary roxanne sabrina sadie sheila sherry sonya stacey
stacy stella sylvia tamara tanya tasha terri thelma tonya trisha ursula vera veronica vicki viola
vivian wanda wilma yolanda
""".split())


def gender_of(first_name: str) -> str | None:
    """"m", "f" or None for a given name (case-insensitive)."""
    name = first_name.casefold()
    if name in MALE:
        return "m"
    if name in FEMALE:
        return "f"
    return None

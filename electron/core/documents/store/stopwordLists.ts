/**
 * Function words (articles, pronouns, prepositions, conjunctions, auxiliaries, question words) of the
 * languages whose query words the keyword search drops (see stopwords.ts). Written for this project:
 * closed-class words only, so no word that names a thing ("system", "value", "page", as the larger public
 * lists have) is ever ignored. Compared after `comparableWord` (lower case, accents and marks removed,
 * final sigma as sigma), so the lists are written without accents.
 */
export const stopwordLists = {
  en: `a about above after again against all am an and any are as at be because been before being below between both but by
    can could did do does doing down during each either few for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just me might more most must my myself no nor not of off on once only or other our ours
    ourselves out over own same shall she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up upon very was we were what when where which while who whom whose why will with within without
    would you your yours yourself yourselves`,
  de: `aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist da damit dann das dass dein deine dem den
    denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwa euch
    euer eure fur gegen hat hatte hatten hier ich ihm ihn ihnen ihr ihre ihrem ihren im in ist ja jede jedem jeden jeder jedes jene
    kann kein keine konnen mich mir mit muss nach nicht noch nur ob oder ohne sein seine sich sie sind so soll sollte uber um und uns
    unser unter vom von vor wann war waren warum was weil welche welchem welchen welcher welches wenn wer werden wie wieso wir wird
    wo wurde zu zum zur zwischen`,
  fr: `a au aux avec ce ces cet cette comment dans de des du elle elles en est et etaient etait etre eu il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour pourquoi qu quand que quel quelle quelles quels qui sa
    sans se ses si son sont sur ta te tes toi ton tu un une vos votre vous y`,
  es: `a al algo como con cual cuales cuando de del desde donde el ella ellas ellos en entre era es esa ese eso esta este esto estos
    fue ha hay la las le les lo los me mi mis muy no nos o para pero por porque que quien se si sin sobre su sus te tu un una uno unos
    y ya yo`,
  it: `a ad agli ai al alla alle allo anche che chi ci come con cosa da dal dalla dalle dei del della delle dello di dove e ed era
    gli ha hanno ho i il in io la le lo loro ma mi ne nei nel nella nelle noi non o per perche piu quale quali quando quanto quella
    quelle quello questa queste questo se si sono su sua sue sui sul sulla suo suoi ti tra tu un una uno vi voi`,
  pt: `a ao aos as com como da das de do dos e ela elas ele eles em entre era essa esse esta este eu foi ha isso isto ja la lhe mais
    mas me meu minha na nas nao no nos o onde os ou para pela pelas pelo pelos por porque quais qual quando que quem se sem seu sua
    suas seus so tambem te um uma umas uns voce`,
  nl: `aan al als bij dan dat de deze die dit door een en er had heb hebben heeft het hij hoe hun ik in is je kan maar me met mij
    naar niet nog of om omdat ook op over te tot u uit van voor waar waarom wanneer was wat we welk welke werd wie wij wordt zal ze
    zich zij zijn zo`,
  ru: `а без бы был была были было быть в вам вас весь во вот все всё всего всех вы где да для до его ее её если есть еще ещё же за
    и из или им их к как какая какие каким какой ко когда кто ли либо между меня мне мной мы на над нам нас не него нее неё нет ни
    них но о об он она они оно от по под при про с со так также там те тем то того тоже только том ты у уже чем что чтобы эта эти
    это этого этой этот я`,
  el: `αλλα αν απο αυτα αυτες αυτη αυτο αυτοι αυτος αυτους αυτων για δε δεν ειναι ενα εναν ενας ενω επι η θα και κατα κι μα με
    μετα μη μην να ο οι οπως οταν οτι παρα ποια ποιο ποιος ποτε που πως σε στα στη στην στις στο στον στους σου τα τη την της τι
    τις το τον τοτε του τους των ως`,
  fa: `آن آنها است از اگر اما او این با باید برای بر به تا چرا چه چگونه چون در را که کجا کدام کی نیز و هم می یا یک`,
} as const;

export type StopwordLanguage = keyof typeof stopwordLists;

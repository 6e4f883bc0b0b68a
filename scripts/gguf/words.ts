/**
 * Common English words for the generated SentencePiece vocabulary, most useful first: when a preset's
 * vocabulary is too small for all of them, the tail is dropped. The document-flavoured words near the
 * top keep retrieval tests (contracts, policies, reports) tokenizing into whole words.
 */
export const englishWords: readonly string[] = `
the of and to a in is it you that he was for on are as with his they at be this have from or one had by
not but what all were we when your can said there use an each which she do how their if will up other
about out many then them these so some her would make like him into time has look two more write go see
number no way could people my than first water been call who oil its now find long down day did get come
made may part
contract termination clause agreement party parties notice term terminate breach payment invoice
liability warranty confidential confidentiality obligation obligations law governing dispute court
policy report data document documents file files page section summary question answer model
weather spring summer autumn winter rain snow wind sun sunny cloud cloudy cold warm hot temperature
forecast season flower flowers garden tree trees green
over new sound take only little work know place year live me back give most very after thing our just
name good sentence man think say great where help through much before line right too mean old any same
tell boy follow came want show also around form three small set put end does another well large must big
even such because turn here why ask went men read need land different home us move try kind hand picture
again change off play spell air away animal house point letter mother found study still learn
should world high every near add food between own below country plant last school father keep never
start city earth eye light thought head under story saw left few while along might close something seem
next hard open example begin life always those both paper together got group often run important until
children side feet car mile night walk white sea began grow took river four carry state once book hear
stop without second later miss idea enough eat face watch far real almost let above girl sometimes
mountain cut young talk soon list song being leave family money company business customer service price
market office team project plan meeting email phone support product account bank credit cost total
date month week today tomorrow yesterday morning evening hour minute
`
  .split(/\s+/)
  .filter((word) => word.length > 0);

import { describe, expect, it } from 'vitest';
import { contentTerms, queryLanguage } from '../../../electron/core/documents/store/stopwords.js';

describe('stopwords', () => {
  it('drops the function words of the query language', () => {
    expect(contentTerms(['What', 'time', 'does', 'the', 'boat', 'depart'])).toEqual(['time', 'boat', 'depart']);
    expect(contentTerms(['Как', 'построить', 'график', 'в', 'MetaPost'])).toEqual(['построить', 'график', 'MetaPost']);
    expect(contentTerms(['Πώς', 'γράφω', 'τους', 'τόνους'])).toEqual(['γράφω', 'τόνους']);
  });

  it('tells Latin-script languages apart by their function words', () => {
    expect(queryLanguage(['Wie', 'funktioniert', 'die', 'Pumpe'])).toBe('de');
    expect(queryLanguage(['Comment', 'fonctionne', 'la', 'pompe', 'dans', 'le', 'moteur'])).toBe('fr');
    expect(queryLanguage(['Xyzzy', 'plugh'])).toBeNull();
  });

  it('keeps a query made only of function words', () => {
    expect(contentTerms(['to', 'be', 'or', 'not', 'to', 'be'])).toEqual(['to', 'be', 'or', 'not', 'to', 'be']);
  });
});

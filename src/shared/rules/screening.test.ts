import { describe, expect, it } from 'vitest';
import { formatMessage, type MessageCode } from '../messages.ts';
import {
  outcomeAllowsDose,
  SCREENING_CHECKLIST,
  type ScreeningChecklist,
  type ScreeningItem,
  suggestScreeningOutcome,
  type VitalSigns,
} from './screening.ts';

const normal: VitalSigns = {
  temperatureC: 36.8,
  pulse: 78,
  systolic: 120,
  diastolic: 80,
  respiratoryRate: 18,
};
const none = Object.fromEntries(SCREENING_CHECKLIST.map((k) => [k, false])) as ScreeningChecklist;
const yes = (...items: ScreeningItem[]) => ({ ...none, ...Object.fromEntries(items.map((i) => [i, true])) });

describe('screening outcome suggested from Decision 5785 answers and vital signs', () => {
  it.each<[string, ScreeningChecklist, Partial<VitalSigns>, string, number]>([
    ['all clear', none, {}, 'vaccinate', 0],
    ['allergy history', yes('allergyHistory'), {}, 'caution', 1],
    ['pregnant ≥13 weeks', yes('pregnant13WeeksOrMore'), {}, 'caution', 1],
    ['pregnant <13 weeks', yes('pregnantUnder13Weeks'), {}, 'defer', 1],
    ['COVID-19 within 6 months', yes('covidWithin6Months'), {}, 'defer', 1],
    ['grade-3 anaphylaxis to food', yes('severeAnaphylaxisOther'), {}, 'hospital', 1],
    [
      'immunodeficiency and clotting disorder',
      yes('severeImmunodeficiency', 'bleedingDisorder'),
      {},
      'hospital',
      2,
    ],
    [
      'anaphylaxis to a previous dose outweighs all',
      yes('anaphylaxisPreviousDose', 'acuteIllness'),
      {},
      'contraindicated',
      2,
    ],
    [
      'hospital case with fever is deferred first',
      yes('severeAnaphylaxisOther'),
      { temperatureC: 38.2 },
      'defer',
      2,
    ],
    ['fever', none, { temperatureC: 37.6 }, 'defer', 1],
    ['hypothermia', none, { temperatureC: 35.4 }, 'defer', 1],
    ['37.5 °C is still normal', none, { temperatureC: 37.5 }, 'vaccinate', 0],
    ['fast pulse and high blood pressure', none, { pulse: 101, systolic: 141 }, 'defer', 2],
    ['low diastolic', none, { diastolic: 59 }, 'defer', 1],
    ['breathing 26/min', none, { respiratoryRate: 26 }, 'defer', 1],
    ['SpO2 93 %', none, { spo2: 93 }, 'defer', 1],
    ['SpO2 not measured', none, { spo2: null }, 'vaccinate', 0],
  ])('%s → %s', (_name, checklist, vitals, outcome, reasonCount) => {
    const suggestion = suggestScreeningOutcome(checklist, { ...normal, ...vitals });
    expect(suggestion.outcome).toBe(outcome);
    expect(suggestion.reasons).toHaveLength(reasonCount);
  });

  it('names the abnormal sign with its value and range', () => {
    const { reasons } = suggestScreeningOutcome(none, { ...normal, pulse: 120 });
    expect(reasons).toEqual([
      { code: 'screening.abnormal.pulse', params: { value: 120, min: 60, max: 100 } },
    ]);
    expect(formatMessage(reasons[0].code as MessageCode, 'vi', reasons[0].params)).toBe(
      'Mạch 120 lần/phút ngoài mức bình thường (60–100): tạm hoãn',
    );
  });

  it('a sign not measured is never taken for normal: caution, and the reason names it', () => {
    const { outcome, reasons } = suggestScreeningOutcome(none, {
      ...normal,
      temperatureC: null,
      systolic: null,
    });
    expect(outcome).toBe('caution');
    expect(reasons.map((r) => r.code)).toEqual([
      'screening.unmeasured.temperatureC',
      'screening.unmeasured.systolic',
    ]);
  });

  it('a dose not due yet defers, with its date and rule', () => {
    const due = {
      today: '2021-09-10',
      nextDose: { number: 2, earliest: '2021-09-22', minDays: 21, after: '2021-09-01' },
    };
    const { outcome, reasons } = suggestScreeningOutcome(none, normal, due);
    expect(outcome).toBe('defer');
    expect(reasons).toEqual([
      {
        code: 'screening.not_due',
        params: { dose: 2, date: '2021-09-22', minDays: 21, after: '2021-09-01' },
      },
    ]);
    expect(suggestScreeningOutcome(none, normal, { ...due, today: '2021-09-22' }).outcome).toBe('vaccinate');
  });

  it('only vaccinate and caution allow a dose today', () => {
    expect(
      ['vaccinate', 'caution', 'defer', 'contraindicated', 'hospital'].map((o) =>
        outcomeAllowsDose(o as never),
      ),
    ).toEqual([true, true, false, false, false]);
  });
});

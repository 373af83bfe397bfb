import { describe, expect, it } from 'vitest';
import { slotLabel, slotTimes, splitCapacity } from './slots.ts';

describe('session time slots', () => {
  it('cuts start to end into slots of a length, the last one ending at the end', () => {
    expect(slotTimes('07:30', '09:00', 30).map(slotLabel)).toEqual([
      '07:30-08:00',
      '08:00-08:30',
      '08:30-09:00',
    ]);
    expect(slotTimes('13:30', '16:30', 45).map(slotLabel)).toEqual([
      '13:30-14:15',
      '14:15-15:00',
      '15:00-15:45',
      '15:45-16:30',
    ]);
    expect(slotTimes('08:00', '09:10', 30).map(slotLabel)).toEqual([
      '08:00-08:30',
      '08:30-09:00',
      '09:00-09:10',
    ]);
  });

  it('makes no slots when the times are out of order or not times', () => {
    expect(slotTimes('11:00', '10:00', 30)).toEqual([]);
    expect(slotTimes('10:00', '10:00', 30)).toEqual([]);
    expect(slotTimes('25:00', '26:00', 30)).toEqual([]);
    expect(slotTimes('08:00', '09:00', 0)).toEqual([]);
  });

  it('never makes more than 48 slots', () => {
    expect(slotTimes('00:00', '23:59', 5)).toHaveLength(48);
  });

  it('shares seats out evenly, the first slots taking the remainder, at least one each', () => {
    expect(splitCapacity(5, 2)).toEqual([3, 2]);
    expect(splitCapacity(60, 5)).toEqual([12, 12, 12, 12, 12]);
    expect(splitCapacity(12, 5)).toEqual([3, 3, 2, 2, 2]);
    expect(splitCapacity(1, 3)).toEqual([1, 1, 1]);
    expect(slotLabel({ start: null, end: null })).toBeNull();
  });
});

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface CompletenessBar {
  label: string;
  recorded: number;
  reported: number;
}

/** Bars per child unit: doses entered beside doses reported (loaded on demand: recharts is large). */
export function CompletenessChart({
  data,
  names,
  format,
}: {
  data: CompletenessBar[];
  names: { recorded: string; reported: string };
  format: (value: number) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} tickFormatter={format} width={56} />
        <Tooltip formatter={(value) => format(Number(value))} />
        <Legend
          wrapperStyle={{ fontSize: 13 }}
          itemSorter={null}
          formatter={(value) => <span style={{ color: 'var(--mantine-color-text)' }}>{value}</span>}
        />
        <Bar dataKey="reported" name={names.reported} fill="var(--mantine-color-gray-5)" />
        <Bar dataKey="recorded" name={names.recorded} fill="var(--mantine-color-teal-7)" />
      </BarChart>
    </ResponsiveContainer>
  );
}

export default CompletenessChart;

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SessionsChartDay {
  label: string;
  capacity: number;
  booked: number;
  vaccinated: number;
}

/** Bars per day: capacity, booked and vaccinated (loaded on demand: recharts is a large module). */
export function SessionsChart({
  data,
  names,
}: {
  data: SessionsChartDay[];
  names: { capacity: string; booked: string; vaccinated: string };
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barGap={2}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend
          wrapperStyle={{ fontSize: 13 }}
          itemSorter={null}
          formatter={(value) => <span style={{ color: 'var(--mantine-color-text)' }}>{value}</span>}
        />
        <Bar dataKey="capacity" name={names.capacity} fill="var(--mantine-color-gray-4)" />
        <Bar dataKey="booked" name={names.booked} fill="var(--mantine-color-blue-6)" />
        <Bar dataKey="vaccinated" name={names.vaccinated} fill="var(--mantine-color-teal-7)" />
      </BarChart>
    </ResponsiveContainer>
  );
}

export default SessionsChart;

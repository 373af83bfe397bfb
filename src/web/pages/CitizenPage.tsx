import { Center, Loader } from '@mantine/core';
import { Route, Routes } from 'react-router';
import { useMe } from '../lib/auth.ts';
import { CitizenLogin } from './citizen/CitizenLogin.tsx';
import { HouseholdPage } from './citizen/HouseholdPage.tsx';
import { MemberPage } from './citizen/MemberPage.tsx';

/** The citizen area: sign-in by phone, then the household and its members. */
export function CitizenPage() {
  const me = useMe();
  if (me.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (me.data?.actor?.kind !== 'citizen') return <CitizenLogin />;
  return (
    <Routes>
      <Route index element={<HouseholdPage />} />
      <Route path="members/:id" element={<MemberPage />} />
    </Routes>
  );
}

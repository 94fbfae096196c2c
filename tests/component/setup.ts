import '@testing-library/jest-dom/vitest';
// Unmounts rendered components after each test and makes fireEvent/user-event wait for Svelte.
import '@testing-library/svelte/vitest';

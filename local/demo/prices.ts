// The demo's cost history is priced from the emulator's price table, so the days the emulator
// accrues as the clock moves continue the seeded 45 days at the same prices.
export { DAILY, vmDailyPrice } from "../arm/accrual/prices";

/** Messages of the card feature (Italian). */
export default {};

/** Messages of the positions feature (Italian). */
export default {};

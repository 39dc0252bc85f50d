/** Messages of the printing feature (Italian). */
export default {};

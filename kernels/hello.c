/* hello.c - hpct-hello: the first MPI program (episodes 3 and 6). Every
 * process of the launch is one rank of MPI_COMM_WORLD; each says who it
 * is. --square prints rank squared, --root-only lets rank 0 alone speak.
 * The check: the ranks' numbers, summed over all of them, must be
 * 0 + 1 + ... + (size - 1), so no rank is missing or counted twice. */
#include "common/hpct.h"

#include <mpi.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int square = 0, root_only = 0, rank, size, len;
	long sum = 0, mine;
	char host[MPI_MAX_PROCESSOR_NAME];
	const struct hpct_opt opts[] = {
		{ "square", HPCT_OPT_FLAG, &square, NULL, "each rank also prints its rank squared", 0, 0, NULL },
		{ "root-only", HPCT_OPT_FLAG, &root_only, NULL, "only rank 0 prints its greeting", 0, 0, NULL },
	};
	const struct hpct_prog prog = {
		"hello", "Each MPI rank says hello with its rank and the number of ranks.",
		"Start it with a launcher: mpiexec -n 4 hpct-hello. Without one it is a\n"
		"single rank of size 1.",
		opts, sizeof opts / sizeof opts[0],
	};

	hpct_parse(&prog, argc, argv);
	MPI_Init(&argc, &argv);
	hpct_init(NULL); /* again: MPI_Init may have changed the signal handlers */
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	MPI_Get_processor_name(host, &len);

	if (!root_only || rank == 0)
		printf("Hello from process %d of %d on %s\n", rank, size, host);
	if (square && (!root_only || rank == 0))
		printf("Process %d: %d squared is %d\n", rank, rank, rank * rank);

	mine = rank;
	MPI_Reduce(&mine, &sum, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
	if (!root_only || rank == 0) {
		struct hpct_result r;
		hpct_result_begin(&r, "hello");
		hpct_result_int(&r, "rank", rank);
		hpct_result_int(&r, "size", size);
		hpct_result_str(&r, "host", host);
		hpct_result_int(&r, "pid", (long)getpid());
		if (square)
			hpct_result_int(&r, "square", (long)rank * rank);
		if (rank == 0)
			hpct_result_str(&r, "check", sum == (long)size * (size - 1) / 2 ? "ok" : "FAIL");
		hpct_result_end(&r);
	}
	if (rank == 0 && sum != (long)size * (size - 1) / 2) {
		fprintf(stderr, "hpct-hello: the ranks sum to %ld, expected %ld: a rank is missing\n",
			sum, (long)size * (size - 1) / 2);
		MPI_Abort(MPI_COMM_WORLD, HPCT_EXIT_FAIL);
	}
	MPI_Finalize();
	return 0;
}

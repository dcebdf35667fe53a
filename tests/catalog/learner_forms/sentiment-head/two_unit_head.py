# expect: wrong_answer
# feedback: The Dense head has 2 units; the exercise asks for 1
from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2)), Dense(2)])
